package org.kyso.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * Wires the {@code kyso} command tree for one command line. picocli reflects over every command class it is given
 * (options, mixins, their types), which for the whole tree loads hundreds of classes a single verb never uses; so
 * only the subcommand the arguments name is added, at each level. When the arguments name none (or an unknown one),
 * every subcommand of that level is added, so that the usage help lists them all and a misspelt name gets picocli's
 * usual message and suggestions. Help, versions and parsing are otherwise what the annotated tree gives.
 */
final class Commands {
  private Commands() {}

  /** A subcommand: made on demand, with its own lazily wired subcommands. */
  private record Node(Supplier<Object> make, Map<String, Node> children) {}

  private static Map<String, Node> tree() {
    Map<String, Node> sign = new LinkedHashMap<>();
    sign.put("pdf", leaf(SignPdfCommand::new));
    sign.put("xml", leaf(SignXmlCommand::new));
    sign.put("batch", leaf(SignBatchCommand::new));
    Map<String, Node> top = new LinkedHashMap<>();
    top.put("sign", new Node(SignCommand::new, sign));
    top.put("verify", leaf(VerifyCommand::new));
    top.put("timestamp", leaf(TimestampCommand::new));
    top.put("token", leaf(TokenCommand::new));
    top.put("trust", leaf(TrustCommand::new));
    top.put("register", leaf(org.kyso.cli.register.RegisterCommand::new));
    top.put("serve", leaf(ServeCommand::new));
    top.put("demo", leaf(DemoCommand::new));
    return top;
  }

  private static Node leaf(Supplier<Object> make) {
    return new Node(make, Map.of());
  }

  /** Adds to {@code root} the subcommands {@code args} needs. */
  static void wire(CommandLine root, String[] args) {
    add(root, tree(), List.of(args), 0);
  }

  /** The names of the top-level subcommands, in the order the usage help lists them. */
  static List<String> topLevelNames() {
    return List.copyOf(tree().keySet());
  }

  private static void add(CommandLine parent, Map<String, Node> children, List<String> args, int from) {
    if (children.isEmpty()) {
      return;
    }
    // the levels wired this way take no option with a value, so the first word not starting with '-' is the
    // subcommand's name ("--" ends the options: what follows is a positional word)
    int i = from;
    while (i < args.size() && args.get(i).startsWith("-") && !args.get(i).equals("--")) {
      i++;
    }
    Node named = i < args.size() ? children.get(args.get(i)) : null;
    if (named != null) {
      parent.addSubcommand(args.get(i), child(named, args, i + 1));
      return;
    }
    if (i == args.size() && asksOnlyVersion(args.subList(from, i))) {
      return; // "kyso --version" prints one line: no subcommand is needed for it
    }
    for (Map.Entry<String, Node> e : children.entrySet()) {
      parent.addSubcommand(e.getKey(), child(e.getValue(), List.of(), 0));
    }
  }

  private static boolean asksOnlyVersion(List<String> options) {
    boolean version = false;
    for (String o : options) {
      if (o.equals("-h") || o.equals("--help")) {
        return false;
      }
      version |= o.equals("-V") || o.equals("--version");
    }
    return version;
  }

  private static CommandLine child(Node node, List<String> args, int from) {
    CommandLine c = new CommandLine(node.make().get());
    add(c, node.children(), args, from);
    return c;
  }
}
