package org.kyso.cli.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.cli.WorkerRun;
import org.kyso.token.testing.SoftHsm;

/**
 * Issue 20, the token cases, as the reporter ran them: scripted runs of the CLI in a JVM of its own at
 * {@code -Xmx256m} with an empty environment ({@link WorkerRun}; the runs follow each other in that one JVM, which
 * keeps the test shim's count of wrong PINs and signatures as a real token keeps it across runs). The token is SoftHSM
 * behind token-drivers' test shim, which adds what SoftHSM lacks: locking after 3 wrong PINs (and the final-try flag
 * before), and a token pulled out after some signatures.
 */
class TokenAtSmallHeapTest {
  private static final String PIN_VAR = "PIN_UNDER_TEST";

  @TempDir
  Path dir;

  @BeforeAll
  static void tokens() throws Exception {
    TokenFixture.get();
  }

  private Map<String, WorkerRun.Outcome> run(List<WorkerRun.Case> cases) throws Exception {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Map<String, String> processEnv = new HashMap<>();
    processEnv.put("SOFTHSM2_CONF", System.getenv("SOFTHSM2_CONF"));
    return WorkerRun.run(List.of(), System.getProperty("java.class.path"), dir, tmp, cases, 120, processEnv);
  }

  private Map<String, String> env(String pin) {
    return Map.of(PIN_VAR, pin, "HOME", dir.resolve("home").toString(), "KYSO_REVOCATION_CACHE", "off",
        "KYSO_TRUST_DIR", dir.resolve("home/trust").toString());
  }

  private static void oneSentence(WorkerRun.Outcome o, int code) {
    assertThat(o.code()).as(o.out() + o.err()).isEqualTo(code);
    assertThat(o.err().strip()).as(o.err()).startsWith("kyso: ").doesNotContain("\n").doesNotContain("Exception")
        .doesNotContain("\tat ");
    TokenFixture.assertNoSecret(o.out() + o.err());
  }

  @Test
  void scriptedRunsDoNotLockATokenThatLocksAfterThreeWrongPins() throws Exception {
    Path shim = SoftHsm.get().shim("cli-lock-small-heap", 3, -1);
    String key = "pkcs11:token=" + TokenFixture.CLI_TOKEN + ";object=" + TokenFixture.RSA + "?module-path=" + shim;
    Path in = TokenFixture.writePdf(dir.resolve("in.pdf"), 1);
    List<WorkerRun.Case> cases = new ArrayList<>();
    String[] pins = {TokenFixture.WRONG_PIN, TokenFixture.WRONG_PIN, TokenFixture.WRONG_PIN, TokenFixture.PIN};
    for (int i = 0; i < pins.length; i++) {
      cases.add(new WorkerRun.Case("run-" + i, env(pins[i]), List.of("sign", "pdf", in.toString(), "-o",
          dir.resolve("out-" + i + ".pdf").toString(), "--key", key, "--pin-env", PIN_VAR)));
    }
    cases.add(new WorkerRun.Case("list", env(TokenFixture.PIN), List.of("token", "list", "--module", shim.toString())));
    Map<String, WorkerRun.Outcome> r = run(cases);
    oneSentence(r.get("run-0"), 77);
    oneSentence(r.get("run-1"), 77);
    assertThat(r.get("run-1").err()).contains("one more wrong PIN will lock");
    // the third and fourth scripted runs do not try: the token reports that the next wrong PIN locks it
    for (String id : List.of("run-2", "run-3")) {
      oneSentence(r.get(id), 77);
      assertThat(r.get(id).err()).contains("one more wrong PIN will lock it").contains("does not try a PIN from"
          + " --pin-env");
    }
    WorkerRun.Outcome list = r.get("list");
    assertThat(list.code()).as(list.err()).isZero();
    assertThat(list.out()).contains(TokenFixture.CLI_TOKEN).contains("last PIN try").doesNotContain("PIN LOCKED");
    for (int i = 0; i < pins.length; i++) {
      assertThat(dir.resolve("out-" + i + ".pdf")).doesNotExist();
    }
    assertThat(hidden(dir)).isEmpty();
  }

  @Test
  void aBatchStoppedByAPulledOutTokenPrintsItsCountAndKeepsWhatItSigned() throws Exception {
    Path shim = SoftHsm.get().shim("cli-pulled-out", 0, -1, 5);
    String key = "pkcs11:token=" + TokenFixture.CLI_TOKEN + ";object=" + TokenFixture.RSA + "?module-path=" + shim;
    Path in = Files.createDirectories(dir.resolve("in"));
    for (int i = 1; i <= 12; i++) {
      TokenFixture.writePdf(in.resolve(String.format("cv-%02d.pdf", i)), i);
    }
    Path out = dir.resolve("out");
    Map<String, WorkerRun.Outcome> r = run(List.of(new WorkerRun.Case("batch", env(TokenFixture.PIN),
        List.of("sign", "batch", in.toString(), "-o", out.toString(), "--jobs", "1", "--key", key, "--pin-env",
            PIN_VAR))));
    WorkerRun.Outcome o = r.get("batch");
    assertThat(o.code()).as(o.out() + o.err()).isEqualTo(69);
    // the signature fails (CKR_DEVICE_REMOVED), the token is looked for again and is not there
    assertThat(o.err().strip()).startsWith("kyso: ").containsPattern("not present|No token '" + TokenFixture.CLI_TOKEN
        + "' is present").doesNotContain("\n").doesNotContain("Exception");
    assertThat(o.out()).contains("stopped: signed 5 of 12 files");
    List<String> written;
    try (Stream<Path> s = Files.list(out)) {
      written = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    // the files signed before the token went are whole and stay; nothing half-written
    assertThat(written).hasSize(5).allMatch(n -> n.matches("cv-\\d\\d\\.pdf"));
    TokenFixture.get().assertKysoVerifies(written.stream().map(out::resolve).toList(), "Nguyễn Văn An");
  }

  private static List<String> hidden(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }
}
