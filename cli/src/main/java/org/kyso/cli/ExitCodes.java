package org.kyso.cli;

import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.kyso.core.DocumentException;
import org.kyso.core.FileAccessException;
import org.kyso.core.ServiceUnavailableException;
import org.kyso.core.SignerCertificateException;
import org.kyso.core.TokenException;

/** The exit codes of CONTRACT.md, and the one place where an error becomes one. */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 64;
  public static final int DATA = 65;
  public static final int NO_INPUT = 66;
  public static final int UNAVAILABLE = 69;
  public static final int SOFTWARE = 70;
  /** A remote approval did not come before its deadline: try again (sysexits EX_TEMPFAIL). */
  public static final int TEMP_FAIL = 75;
  public static final int NO_PERMISSION = 77;

  private ExitCodes() {}

  /** The exit code for an exception thrown by a command. */
  public static int of(Throwable e) {
    if (e instanceof org.kyso.core.ApprovalTimeoutException) {
      return TEMP_FAIL;
    }
    if (e instanceof TokenException t) {
      return switch (t.reason()) {
        case WRONG_PIN, PIN_LOCKED, ACCESS_DENIED -> NO_PERMISSION;
        case TOKEN_ABSENT -> UNAVAILABLE;
        case KEY_NOT_FOUND, UNSUPPORTED -> DATA;
        case FAILED -> DATA;
      };
    }
    if (e instanceof org.kyso.registers.DatabaseAccessException) {
      return NO_PERMISSION;
    }
    if (e instanceof FileAccessException || e instanceof NoSuchFileException || e instanceof AccessDeniedException) {
      return NO_INPUT;
    }
    if (e instanceof DocumentException || e instanceof SignerCertificateException) {
      return DATA;
    }
    if (e instanceof ServiceUnavailableException) {
      return UNAVAILABLE;
    }
    if (e instanceof UsageException || e instanceof IllegalArgumentException) {
      return USAGE;
    }
    if (e instanceof org.kyso.core.KysoException) {
      return DATA;
    }
    return SOFTWARE;
  }
}
