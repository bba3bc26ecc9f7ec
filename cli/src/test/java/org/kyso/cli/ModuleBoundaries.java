package org.kyso.cli;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;

/**
 * kyso's modules as the module system sees them: their compiled descriptors, found on the test class path (each
 * kyso module's classes folder or jar holds a module-info.class), and the classes each holds. The check: a class of
 * one kyso module uses a package of another kyso module only if that module exports it to everyone or, by a
 * qualified export, to the first one by name.
 */
final class ModuleBoundaries {
  /** A kyso module: its descriptor and where its classes are. */
  record KysoModule(ModuleDescriptor descriptor, Path location) {
    String name() {
      return descriptor.name();
    }

    JavaClasses classes() {
      ClassFileImporter importer = new ClassFileImporter();
      if (Files.isDirectory(location)) {
        return importer.importPath(location);
      }
      try (JarFile jar = new JarFile(location.toFile())) {
        return importer.importJar(jar);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private ModuleBoundaries() {}

  /** Every kyso.* module on this JVM's class path, by name. */
  static Map<String, KysoModule> onClassPath() {
    Map<String, KysoModule> out = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      Path p = Path.of(entry);
      if (!hasDescriptor(p)) {
        continue;
      }
      for (ModuleReference ref : ModuleFinder.of(p).findAll()) {
        ModuleDescriptor d = ref.descriptor();
        if (d.name().startsWith("kyso.")) {
          out.putIfAbsent(d.name(), new KysoModule(d, p));
        }
      }
    }
    return out;
  }

  private static boolean hasDescriptor(Path p) {
    if (Files.isDirectory(p)) {
      return Files.isRegularFile(p.resolve("module-info.class"));
    }
    if (!p.toString().endsWith(".jar") || !Files.isRegularFile(p)) {
      return false;
    }
    try (JarFile jar = new JarFile(p.toFile())) {
      return jar.getEntry("module-info.class") != null;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Every use, by a class of the module named {@code reader}, of another module's package that the other module
   * does not export to it: "reader: class uses package.Type (owner exports package only to [...])".
   */
  static List<String> violations(String reader, JavaClasses readerClasses, Collection<ModuleDescriptor> modules) {
    Set<String> out = new TreeSet<>();
    for (JavaClass c : readerClasses) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass target = d.getTargetClass().getBaseComponentType();
        String pkg = target.getPackageName();
        for (ModuleDescriptor owner : modules) {
          if (owner.name().equals(reader) || !owner.packages().contains(pkg)) {
            continue;
          }
          String verdict = readable(owner, pkg, reader);
          if (verdict != null) {
            out.add(reader + ": " + ApiChecks.outermost(c).getName() + " uses " + target.getName() + " ("
                + owner.name() + " " + verdict + ")");
          }
        }
      }
    }
    return new ArrayList<>(out);
  }

  /**
   * The qualified exports of {@code owner} that a named target does not use (no class of the target depends on a
   * class of the package): each is a line to remove from the owner's module-info.java, so that the list of internal
   * packages shared between modules stays as short as the code allows.
   */
  static List<String> unusedQualifiedExports(ModuleDescriptor owner, Map<String, JavaClasses> classesByModule) {
    List<String> out = new ArrayList<>();
    for (ModuleDescriptor.Exports e : owner.exports()) {
      if (!e.isQualified()) {
        continue;
      }
      for (String target : new TreeSet<>(e.targets())) {
        JavaClasses classes = classesByModule.get(target);
        if (classes == null) {
          continue; // a module not on this class path (e.g. an application outside the build) is not judged
        }
        boolean used = classes.stream().flatMap(c -> c.getDirectDependenciesFromSelf().stream())
            .anyMatch(d -> d.getTargetClass().getBaseComponentType().getPackageName().equals(e.source()));
        if (!used) {
          out.add(owner.name() + " exports " + e.source() + " to " + target + ", which does not use it");
        }
      }
    }
    return out;
  }

  /** Null when {@code reader} may use {@code pkg} of {@code owner}; otherwise why not. */
  private static String readable(ModuleDescriptor owner, String pkg, String reader) {
    for (ModuleDescriptor.Exports e : owner.exports()) {
      if (e.source().equals(pkg)) {
        if (!e.isQualified() || e.targets().contains(reader)) {
          return null;
        }
        return "exports " + pkg + " only to " + new TreeSet<>(e.targets());
      }
    }
    return "does not export " + pkg;
  }
}
