package org.kyso.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;

/** kyso's one atomic writer: a whole new file, or the old one untouched and no temporary file left. */
class AtomicOutputTest {
  @TempDir Path dir;

  private List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void writesTheWholeFileThroughAHiddenPartFileInTheSameFolder() throws Exception {
    Path out = dir.resolve("quyet-dinh.pdf");
    List<String> during = new ArrayList<>();
    AtomicOutput.writeChannel(out, "The signed file", ch -> {
      during.addAll(names());
      ch.write(java.nio.ByteBuffer.wrap(utf8("signed")));
    });
    assertThat(during).singleElement().asString().matches("\\.quyet-dinh\\.pdf\\.[0-9a-f]+\\.part");
    assertThat(out).hasContent("signed");
    assertThat(names()).containsExactly("quyet-dinh.pdf");
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out))).isEqualTo("rw-------");
    }
  }

  @Test
  void writesPartsOneAfterTheOtherAndReplacesAnExistingFile() throws Exception {
    Path out = Files.writeString(dir.resolve("a.xml"), "old");
    AtomicOutput.write(out, "The signed file", utf8("<a>"), utf8(""), utf8("</a>"));
    assertThat(out).hasContent("<a></a>");
    assertThat(names()).containsExactly("a.xml");
  }

  @Test
  void aFailingWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    assertThatThrownBy(() -> AtomicOutput.writeStream(out, "The signed file", o -> {
      o.write(utf8("half of it"));
      throw new IOException("No space left on device");
    })).isInstanceOf(FileAccessException.class)
        .hasMessage("The signed file " + out + " cannot be written (No space left on device).");
    assertThat(out).hasContent("old");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void anyOtherFailureIsPassedOnUnchangedAndLeavesNothing() throws Exception {
    Path out = dir.resolve("a.pdf");
    DocumentException bad = new DocumentException("The document is damaged.");
    assertThatThrownBy(() -> AtomicOutput.writeStream(out, "The signed file", o -> {
      o.write(1);
      throw bad;
    })).isSameAs(bad);
    IllegalStateException bug = new IllegalStateException("a bug");
    assertThatThrownBy(() -> AtomicOutput.writeStream(out, "The signed file", o -> {
      throw bug;
    })).isSameAs(bug);
    assertThat(names()).isEmpty();
  }

  @Test
  void aMissingFolderOrAFolderInPlaceOfTheFileIsOneSentenceAndWritesNothing() throws Exception {
    Path missing = dir.resolve("no-such-folder").resolve("a.pdf");
    assertThatThrownBy(() -> AtomicOutput.write(missing, "The signed file", utf8("x")))
        .isInstanceOf(FileAccessException.class)
        .hasMessage("The output folder " + missing.getParent() + " does not exist.");
    assertThatThrownBy(() -> AtomicOutput.checkWritable(missing)).isInstanceOf(FileAccessException.class)
        .hasMessage("The output folder " + missing.getParent() + " does not exist.");
    Path folder = Files.createDirectory(dir.resolve("b.pdf"));
    assertThatThrownBy(() -> AtomicOutput.checkWritable(folder)).isInstanceOf(FileAccessException.class)
        .hasMessage("The output path " + folder + " is a folder, not a file.");
    assertThatThrownBy(() -> AtomicOutput.write(folder, "The signed file", utf8("x")))
        .isInstanceOf(FileAccessException.class).hasMessageContaining("is a folder");
    assertThat(names()).containsExactly("b.pdf");
    AtomicOutput.checkWritable(dir.resolve("c.pdf")); // a folder that exists: fine
  }

  @Test
  void aFolderWithoutWritePermissionIsRefusedBeforeWriting() throws Exception {
    assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "POSIX permissions");
    Path ro = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assumeTrue(!Files.isWritable(ro), "the test runs as a user who can write anywhere (root)");
      assertThatThrownBy(() -> AtomicOutput.checkWritable(ro.resolve("a.pdf")))
          .isInstanceOf(FileAccessException.class).hasMessageContaining("cannot be written");
      assertThatThrownBy(() -> AtomicOutput.write(ro.resolve("a.pdf"), "The signed file", utf8("x")))
          .isInstanceOf(FileAccessException.class);
    } finally {
      Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  /** A file system without atomic moves: notes the options of each move asked for. */
  private static AtomicOutput noAtomicMove(List<List<CopyOption>> moves) {
    return new AtomicOutput((from, to, options) -> {
      moves.add(Arrays.asList(options));
      if (Arrays.asList(options).contains(StandardCopyOption.ATOMIC_MOVE)) {
        throw new AtomicMoveNotSupportedException(from.toString(), to.toString(), "not on this file system");
      }
      Files.move(from, to, options);
    });
  }

  @Test
  void aFileSystemWithoutAtomicMoveGetsAReplacingMove() throws Exception {
    List<List<CopyOption>> moves = new ArrayList<>();
    AtomicOutput noAtomicMove = noAtomicMove(moves);
    Path out = Files.writeString(dir.resolve("a.tsr"), "old");
    noAtomicMove.write(out, "The timestamp", ch -> ch.write(java.nio.ByteBuffer.wrap(utf8("new"))));
    assertThat(out).hasContent("new");
    assertThat(names()).containsExactly("a.tsr");
    assertThat(moves).containsExactly(List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
        List.of(StandardCopyOption.REPLACE_EXISTING));
  }

  @Test
  void aFailingMoveLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    AtomicOutput failing = new AtomicOutput((from, to, options) -> {
      throw new java.nio.file.FileSystemException(from.toString(), to.toString(), "Read-only file system");
    });
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    assertThatThrownBy(() -> failing.write(out, "The signed file", ch -> ch.write(java.nio.ByteBuffer.wrap(utf8("x")))))
        .isInstanceOf(FileAccessException.class).hasMessageContaining("Read-only file system");
    assertThat(out).hasContent("old");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void moveReplacesTheTargetWithTheFinishedFile() throws Exception {
    Path ready = Files.writeString(dir.resolve(".a.pdf.1.kyso-issued"), "new");
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    AtomicOutput.move(ready, out);
    assertThat(out).hasContent("new");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void aStagedFileIsInPlaceOnlyAfterItsCommit() throws Exception {
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    AtomicOutput.Staged staged = AtomicOutput.stage(out, "The signed file", utf8("new "), utf8("signed"));
    assertThat(out).hasContent("old");
    assertThat(names()).hasSize(2).contains("a.pdf").anyMatch(n -> n.matches("\\.a\\.pdf\\.[0-9a-f]+\\.part"));
    staged.commit();
    assertThat(out).hasContent("new signed");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void aDocumentForLaterIsWrittenOnlyByItsCommitAndOnlyOnce() throws Exception {
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    org.kyso.core.DocumentSigner.Staged later = AtomicOutput.later(out, "The signed file", utf8("new "), utf8("later"));
    assertThat(out).hasContent("old");
    assertThat(names()).containsExactly("a.pdf"); // nothing on disk yet, not even the temporary file
    later.commit();
    assertThat(out).hasContent("new later");
    assertThat(names()).containsExactly("a.pdf");
    assertThatThrownBy(later::commit).isInstanceOf(IllegalStateException.class);

    org.kyso.core.DocumentSigner.Staged dropped = AtomicOutput.later(out, "The signed file", utf8("other"));
    dropped.discard();
    assertThat(out).hasContent("new later");
    assertThat(names()).containsExactly("a.pdf");

    // a folder gone by the time the writing thread comes: one sentence, nothing left
    Path gone = dir.resolve("gone");
    Files.createDirectory(gone);
    org.kyso.core.DocumentSigner.Staged orphan = AtomicOutput.later(gone.resolve("b.pdf"), "The signed file", utf8("x"));
    Files.delete(gone);
    assertThatThrownBy(orphan::commit).isInstanceOf(org.kyso.core.FileAccessException.class)
        .hasMessageContaining("does not exist");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void aDiscardedStagedFileLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    AtomicOutput.stage(out, "The signed file", utf8("new")).discard();
    assertThat(out).hasContent("old");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void aStagedFileWhoseMoveFailsLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    AtomicOutput failing = new AtomicOutput((from, to, options) -> {
      throw new java.nio.file.FileSystemException(from.toString(), to.toString(), "Read-only file system");
    });
    Path out = Files.writeString(dir.resolve("a.pdf"), "old");
    AtomicOutput.Staged staged = failing.stage0(out, "The signed file",
        ch -> ch.write(java.nio.ByteBuffer.wrap(utf8("x"))));
    assertThatThrownBy(staged::commit).isInstanceOf(FileAccessException.class)
        .hasMessageContaining("Read-only file system");
    assertThat(out).hasContent("old");
    assertThat(names()).containsExactly("a.pdf");
  }

  @Test
  void moveFallsBackToAReplacingMoveAndWordsAFailure() throws Exception {
    List<List<CopyOption>> moves = new ArrayList<>();
    AtomicOutput noAtomicMove = noAtomicMove(moves);
    Path ready = Files.writeString(dir.resolve(".a.pdf.1.kyso-issued"), "new");
    noAtomicMove.moveFile(ready, dir.resolve("a.pdf"));
    assertThat(dir.resolve("a.pdf")).hasContent("new");
    assertThat(moves).containsExactly(List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
        List.of(StandardCopyOption.REPLACE_EXISTING));

    AtomicOutput failing = new AtomicOutput((from, to, options) -> {
      throw new java.nio.file.FileSystemException(from.toString(), to.toString(), "No space left on device");
    });
    Path kept = Files.writeString(dir.resolve(".b.pdf.2.kyso-issued"), "issued");
    Path target = dir.resolve("b.pdf");
    assertThatThrownBy(() -> failing.moveFile(kept, target)).isInstanceOf(FileAccessException.class)
        .hasMessage("The file .b.pdf.2.kyso-issued cannot be moved to " + target + " (No space left on device).");
    assertThat(kept).hasContent("issued");
  }
}
