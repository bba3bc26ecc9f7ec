package org.kyso.pdf.internal;

import java.io.IOException;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.kyso.core.DocumentException;

/** Opens PDF input and refuses what cannot be signed, with one clear sentence. */
public final class PdfDocuments {
  private PdfDocuments() {}

  /**
   * Parses {@code pdf} and checks that it can take a new signature.
   *
   * @param name how the document is called in messages (a file name, or "the document")
   * @throws DocumentException if it is not a PDF, is damaged, encrypted, has no page, or is certified with no
   *     changes allowed
   */
  public static PDDocument openForSigning(byte[] pdf, String name) throws DocumentException {
    return openForSigning(pdf, name, null);
  }

  /**
   * As {@link #openForSigning(byte[], String)}, opening a protected document with {@code password} (its user or
   * owner password; {@code null} or empty: the empty user password, which opens documents protected by an owner
   * password only).
   *
   * @throws DocumentException also if the document needs a password and {@code password} does not open it, in one
   *     sentence naming the options that give it
   */
  public static PDDocument openForSigning(byte[] pdf, String name, char[] password) throws DocumentException {
    if (!looksLikePdf(pdf)) {
      throw new DocumentException(name + " is not a PDF file.");
    }
    PDDocument doc;
    try {
      doc = password == null ? Loader.loadPDF(pdf) : Loader.loadPDF(pdf, new String(password));
    } catch (InvalidPasswordException e) {
      throw new DocumentException(wrongPassword(name, password), e);
    } catch (IOException | RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("decryption material") || m.contains("keyStore") || m.contains("PubSec")) {
        throw new DocumentException(name + " is encrypted for the certificates of chosen recipients (public-key"
            + " security) rather than with a password, so kyso cannot open it to sign it; ask its author for a copy"
            + " protected by a password, or by none.", e);
      }
      if (m.contains("security handler") || m.contains("encryption dictionary") || m.contains("/Encrypt")
          || m.contains("Unsupported encryption")) {
        throw new DocumentException(name + " is encrypted with an unknown or damaged method (its /Encrypt"
            + " dictionary), so it cannot be opened or signed.", e);
      }
      throw new DocumentException(name + " is a damaged PDF file that cannot be read.", e);
    }
    try {
      if (doc.isEncrypted()) {
        // opened with the user password (empty for a document protected by an owner password only): signing
        // keeps the encryption, and needs the right to fill in forms, which covers signing (ISO 32000 table 22).
        // Opened with the owner password, every right is granted: the owner may sign what the author restricted.
        if (!doc.getCurrentAccessPermission().isOwnerPermission()
            && !doc.getCurrentAccessPermission().canFillInForm()) {
          throw new DocumentException(name + " is protected by an owner password that does not allow filling in"
              + " forms or signing; ask its author for a copy that allows signing, or give the owner password with"
              + " --password-env or --password-file.");
        }
      }
      if (doc.getNumberOfPages() == 0) {
        throw new DocumentException(name + " has no page to sign.");
      }
      if (docMdpPermission(doc) == 1) {
        throw new DocumentException(name + " is certified with no changes allowed, so no signature can be added.");
      }
      return doc;
    } catch (DocumentException e) {
      closeQuietly(doc);
      throw e;
    } catch (RuntimeException e) {
      closeQuietly(doc);
      throw new DocumentException(name + " is a damaged PDF file that cannot be read.", e);
    }
  }

  /** The sentence for a document that {@code password} (null: none given) does not open. */
  public static String wrongPassword(String name, char[] password) {
    return name + " is protected by a password"
        + (password == null || password.length == 0 ? "" : " and the password given does not open it")
        + "; give the password with --password-env or --password-file (library: PdfSigner.Builder.password).";
  }

  /** True when {@code %PDF-} appears in the first kilobyte, as readers accept. */
  public static boolean looksLikePdf(byte[] bytes) {
    int limit = Math.min(bytes.length - 5, 1024);
    for (int i = 0; i < limit; i++) {
      if (bytes[i] == '%' && bytes[i + 1] == 'P' && bytes[i + 2] == 'D' && bytes[i + 3] == 'F'
          && bytes[i + 4] == '-') {
        return true;
      }
    }
    return false;
  }

  /** The DocMDP permission (1, 2 or 3) of a certified document, or 0 when it is not certified. */
  public static int docMdpPermission(PDDocument doc) {
    COSDictionary perms = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
    if (perms == null) {
      return 0;
    }
    COSDictionary sig = perms.getCOSDictionary(COSName.DOCMDP);
    if (sig == null) {
      return 0;
    }
    COSArray refs = sig.getCOSArray(COSName.REFERENCE);
    if (refs == null) {
      return 2; // the default of ISO 32000-1, 12.8.2.2
    }
    for (int i = 0; i < refs.size(); i++) {
      COSBase b = refs.getObject(i);
      if (b instanceof COSDictionary ref && COSName.DOCMDP.equals(ref.getCOSName(COSName.TRANSFORM_METHOD))) {
        COSDictionary params = ref.getCOSDictionary(COSName.TRANSFORM_PARAMS);
        return params == null ? 2 : params.getInt(COSName.P, 2);
      }
    }
    return 2;
  }

  public static void closeQuietly(PDDocument doc) {
    try {
      doc.close();
    } catch (IOException e) {
      // nothing useful to do: the document was only read
    }
  }
}
