package org.kyso.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;

/** kyso's one reader of whole input files (the batch, PDF and XML signers): one sentence for each failure. */
class InputFilesTest {
  @TempDir Path dir;

  @Test
  void readsTheWholeFile() throws Exception {
    Path in = Files.write(dir.resolve("in.xml"), new byte[] {1, 2, 3});
    assertThat(InputFiles.read(in, "XML file")).containsExactly(1, 2, 3);
  }

  @Test
  void aMissingFileAFolderAndAnIoFailureAreOneSentenceEach() throws Exception {
    Path missing = dir.resolve("missing.pdf");
    assertThatThrownBy(() -> InputFiles.read(missing, "PDF file")).isInstanceOf(FileAccessException.class)
        .hasMessage("The file " + missing + " does not exist.");
    assertThatThrownBy(() -> InputFiles.read(dir, "PDF file")).isInstanceOf(FileAccessException.class)
        .hasMessage("The input path " + dir + " is a folder, not a PDF file.");
    // a path below a plain file: the operating system's reason ends the sentence
    Path below = Files.write(dir.resolve("plain"), new byte[1]).resolve("in.pdf");
    assertThatThrownBy(() -> InputFiles.read(below, "PDF file")).isInstanceOf(FileAccessException.class)
        .hasMessageStartingWith("The file " + below + " cannot be read: ").hasMessageContaining("Not a directory")
        .hasMessageNotContaining("\n");
  }

  @Test
  void aFileTooLargeForTheHeapShareIsRefusedBeforeItIsRead() throws Exception {
    Path in = Files.write(dir.resolve("big.xml"), new byte[64 * 1024]);
    // a reader that holds its document so many times over that 64 KiB does not fit this heap
    int copies = (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() / 1024);
    assertThatThrownBy(() -> InputFiles.read(in, "file", copies, ", or sign it at level B-B"))
        .isInstanceOf(DocumentException.class)
        .hasMessageStartingWith("The file big.xml (0 MiB) is too large for the memory Java was given (")
        .hasMessageEndingWith(" MiB): give Java more (KYSO_JAVA_OPTS=-Xmx2g), or sign it at level B-B.");
    assertThat(InputFiles.read(in, "file", 2, "")).hasSize(64 * 1024);
  }
}
