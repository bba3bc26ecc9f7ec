package org.kyso.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kyso.cli.archfixture.ReadsCoreInternal;

/**
 * The sealed modules (docs/DESIGN.md): read from the compiled module descriptors and the classes of every kyso
 * module, no module uses another's internal package except through a qualified export naming it, and no library
 * module holds or needs the test PKI. javac enforces the same when it compiles the main code on the module path;
 * this test checks what was built, whatever compiled it.
 */
class ModuleBoundariesTest {
  /** The library modules: what an application embedding kyso puts on its path. */
  private static final List<String> LIBRARIES = List.of("kyso.core", "kyso.token", "kyso.pdf", "kyso.xml",
      "kyso.registers", "kyso.server");
  private static Map<String, ModuleBoundaries.KysoModule> modules;
  /** Each module's classes, imported once (importing is the slow part). */
  private static final Map<String, JavaClasses> classes = new HashMap<>();

  @BeforeAll
  static void find() {
    modules = ModuleBoundaries.onClassPath();
    modules.forEach((name, m) -> classes.put(name, m.classes()));
  }

  private static List<ModuleDescriptor> descriptors() {
    return modules.values().stream().map(ModuleBoundaries.KysoModule::descriptor).toList();
  }

  @Test
  void everyKysoModuleHasADescriptor() {
    assertThat(modules.keySet()).containsAll(LIBRARIES).contains("kyso.cli", "kyso.testing");
  }

  @Test
  void noModuleReadsAnotherModulesPackageWithoutAnExportToIt() {
    List<String> found = new ArrayList<>();
    for (var m : modules.values()) {
      found.addAll(ModuleBoundaries.violations(m.name(), classes.get(m.name()), descriptors()));
    }
    assertThat(found).isEmpty();
  }

  @Test
  void everyQualifiedExportIsUsedByEachModuleItNames() {
    List<String> found = new ArrayList<>();
    for (var m : modules.values()) {
      found.addAll(ModuleBoundaries.unusedQualifiedExports(m.descriptor(), classes));
    }
    assertThat(found).as("remove these targets (or lines) from the module-info.java files").isEmpty();
  }

  @Test
  void anUnusedQualifiedExportIsFound() {
    ModuleDescriptor core = ModuleDescriptor.newModule("kyso.fake")
        .exports(java.util.Set.of(), "org.kyso.core.internal.dss", java.util.Set.of("kyso.cli", "kyso.pdf"))
        .packages(java.util.Set.of("org.kyso.core.internal.dss")).build();
    var pdfLike = new ClassFileImporter().importClasses(ReadsCoreInternal.class);
    var cliLike = new ClassFileImporter().importClasses(ModuleBoundariesTest.class);
    assertThat(ModuleBoundaries.unusedQualifiedExports(core, Map.of("kyso.pdf", pdfLike, "kyso.cli", cliLike)))
        .containsExactly("kyso.fake exports org.kyso.core.internal.dss to kyso.cli, which does not use it");
  }

  @Test
  void internalPackagesAreExportedOnlyByName() {
    for (var m : modules.values()) {
      for (ModuleDescriptor.Exports e : m.descriptor().exports()) {
        if (e.source().contains(".internal")) {
          assertThat(e.isQualified()).as(m.name() + " exports " + e.source() + " to everyone").isTrue();
        }
      }
    }
  }

  @Test
  void libraryModulesHoldAndNeedNoTestPki() {
    for (String name : LIBRARIES) {
      ModuleDescriptor d = modules.get(name).descriptor();
      assertThat(d.packages()).as(name).noneMatch(p -> p.startsWith("org.kyso.core.devpki") || p.endsWith(".testing"));
      assertThat(d.requires()).as(name).noneMatch(r -> r.name().equals("kyso.testing"));
      assertThat(ApiChecks.dependencyViolations(classes.get(name), c -> true,
          List.of("org.kyso.core.devpki.", "org.kyso.core.testing."))).as(name).isEmpty();
    }
  }

  @Test
  void aClassReachingIntoAnInternalPackageIsFound() {
    var bad = new ClassFileImporter().importClasses(ReadsCoreInternal.class);
    // kyso.core exports org.kyso.core.internal.dss to kyso.pdf and kyso.xml: the CLI may not use it, pdf may
    assertThat(ModuleBoundaries.violations("kyso.cli", bad, descriptors())).singleElement().asString()
        .contains("uses org.kyso.core.internal.dss.DssServices")
        .contains("kyso.core exports org.kyso.core.internal.dss only to [kyso.pdf, kyso.xml]");
    assertThat(ModuleBoundaries.violations("kyso.pdf", bad, descriptors())).isEmpty();
  }
}
