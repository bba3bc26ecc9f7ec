package org.kyso.pdf.internal.fast;

import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.FileDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.pades.PAdESUtils;
import eu.europa.esig.dss.pades.validation.ByteRange;
import eu.europa.esig.dss.pades.validation.PdfByteRangeDocument;
import eu.europa.esig.dss.pades.validation.PdfRevision;
import eu.europa.esig.dss.pades.validation.PdfSignatureDictionary;
import eu.europa.esig.dss.pades.validation.PdfSignatureField;
import eu.europa.esig.dss.pades.validation.PAdESSignature;
import eu.europa.esig.dss.pades.validation.timestamp.PdfTimestampToken;
import eu.europa.esig.dss.spi.signature.AdvancedSignature;
import eu.europa.esig.dss.spi.x509.tsp.TimestampToken;
import eu.europa.esig.dss.pades.validation.dss.PdfCompositeDssDictionary;
import eu.europa.esig.dss.pdf.PDFServiceMode;
import eu.europa.esig.dss.pdf.PdfCMSRevision;
import eu.europa.esig.dss.pdf.PdfDocDssRevision;
import eu.europa.esig.dss.pdf.PdfDocTimestampRevision;
import eu.europa.esig.dss.pdf.PdfDocumentReader;
import eu.europa.esig.dss.pdf.PdfDssDict;
import eu.europa.esig.dss.pdf.PdfSignatureDictionaryComparator;
import eu.europa.esig.dss.pdf.PdfSignatureRevision;
import eu.europa.esig.dss.pdf.modifications.PdfModification;
import eu.europa.esig.dss.pdf.modifications.PdfModificationDetection;
import eu.europa.esig.dss.pdf.modifications.PdfObjectModifications;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxDocumentReader;
import eu.europa.esig.dss.pdf.pdfbox.PdfBoxSignatureService;
import eu.europa.esig.dss.pdf.pdfbox.visible.defaultdrawer.PdfBoxDefaultSignatureDrawerFactory;
import eu.europa.esig.dss.model.DSSException;
import eu.europa.esig.dss.spi.DSSUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DSS's PDFBox signature service for validation, without the work a document cannot need. The results are the
 * ones plain DSS gives; only the cost changes:
 *
 * <ul>
 *   <li>a signature or timestamp whose /ByteRange ends at the end of the file: its signed revision is the final
 *       document, so comparing the two (page counts, rendered pages, object trees) cannot find a difference and is
 *       skipped; overlapping annotations in the final document are still looked for, without parsing the document
 *       when a strict read of its page tree shows no page with two annotations or more;
 *   <li>revision ends are found in one pass over the bytes ({@link EofScanner}) instead of byte by byte;
 *   <li>the revision a whole-file signature covers is read with the final document's reader instead of being
 *       parsed a second time, and an earlier revision is parsed only when its catalog has a /DSS dictionary (read
 *       with {@link RawPdf}; a revision it cannot read strictly is parsed as DSS does);
 *   <li>pages are looked up in a list built once per reader instead of walking the page tree for every page
 *       (DSS's annotation checks otherwise take quadratic time in the number of pages);
 *   <li>a revision larger than {@value #IN_MEMORY_LIMIT} bytes that must be parsed is copied to a temporary file
 *       rather than into memory, so that very large files validate within a small heap.
 * </ul>
 */
final class FastPdfSignatureService extends PdfBoxSignatureService {
  private static final Logger LOG = LoggerFactory.getLogger(FastPdfSignatureService.class);
  static final long IN_MEMORY_LIMIT = 32L << 20;

  private final Chains chains;

  /** With its own reading of the updates (nothing shared with other services). */
  FastPdfSignatureService() {
    this(new Chains());
  }

  /**
   * Sharing {@code chains} with the other services of the same validation: DSS asks one service for the revisions
   * and another for the modifications, and kyso's reading of the updates is made once for both.
   */
  FastPdfSignatureService(Chains chains) {
    super(PDFServiceMode.SIGNATURE, new PdfBoxDefaultSignatureDrawerFactory());
    this.chains = Objects.requireNonNull(chains);
  }

  /**
   * kyso's reading of a document's incremental updates ({@link UpdateChain}), made at most once per document in one
   * validation and shared by the services of that validation. A chain keeps no file open between uses: its source
   * opens the file when read and {@link UpdateChain#close()} closes it again.
   */
  static final class Chains {
    private DSSDocument document;
    private UpdateChain chain;
    private boolean read;

    /** The chain of {@code document} (null when kyso cannot read it strictly), read on the first call only. */
    synchronized UpdateChain of(DSSDocument document) {
      if (!read || this.document != document) {
        this.document = document;
        this.chain = chain(document);
        this.read = true;
      }
      return chain;
    }
  }

  /** Every document DSS parses: a large revision goes through a temporary file instead of memory. */
  @Override
  protected PdfDocumentReader loadPdfDocumentReader(DSSDocument document, char[] password) throws IOException {
    String pw = password == null ? null : String.valueOf(password);
    if (document instanceof PdfByteRangeDocument br && size(br) > IN_MEMORY_LIMIT) {
      Path tmp = org.kyso.core.internal.TempFiles.create("kyso-revision-", ".pdf"); // deleted on SIGTERM too
      try {
        try (InputStream in = br.openStream(); OutputStream out = Files.newOutputStream(tmp)) {
          in.transferTo(out);
        }
        return new TempFileReader(new FileDocument(tmp.toFile()), pw, pdfMemoryUsageSetting, tmp);
      } catch (IOException | RuntimeException | Error e) {
        org.kyso.core.internal.TempFiles.delete(tmp);
        throw e;
      }
    }
    return new PageListReader(document, pw, pdfMemoryUsageSetting);
  }

  @Override
  public List<PdfRevision> getRevisions(DSSDocument document, char[] password) {
    Objects.requireNonNull(document, "DSSDocument shall be provided!");
    List<PdfRevision> revisions = new ArrayList<>();
    List<Long> revisionEnds;
    try (InputStream in = document.openStream()) {
      revisionEnds = EofScanner.scan(in);
    } catch (IOException e) {
      throw new DSSException("Unable to retrieve the revisions", e);
    }
    long length = size(document);
    // signatures over the same byte range share their revision's reader and checks (issue 20: time linear in the
    // number of signature fields, not quadratic; without these a file with 1,000 copies of one signature parses
    // its revision and reads the whole file 1,000 times)
    SameRange same = new SameRange();
    // every signed range's digest from one pass over the file, when its length is known exactly (issue 20)
    RevisionDigests digests = document instanceof FileDocument || document instanceof InMemoryDocument
        ? new RevisionDigests(document, length) : null;
    UpdateChain chain = null;
    try (PdfDocumentReader reader = loadPdfDocumentReader(document, password)) {
      PdfCompositeDssDictionary composite = new PdfCompositeDssDictionary();
      PdfDssDict finalDss = reader.getDSSDictionary();
      PdfDssDict lastDss = finalDss;
      composite.populateFromDssDictionary(lastDss);

      Map<PdfSignatureDictionary, List<PdfSignatureField>> dicts = newestFirst(reader.extractSigDictionaries());
      // many signatures: kyso's one-pass reading of the updates tells which revisions need no parsing
      if (ModificationPlan.many(dicts.size()) && password == null) {
        chain = chains.of(document);
      }
      for (Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>> entry : dicts.entrySet()) {
        PdfSignatureDictionary dict = entry.getKey();
        List<PdfSignatureField> fields = entry.getValue();
        List<String> names = fields.stream().map(PdfSignatureField::getFieldName).collect(Collectors.toList());
        try {
          ByteRange byteRange = dict.getByteRange();
          boolean known = same.switchTo(rangeKey(byteRange), dict.getContents());
          byteRange.setValid(known ? same.valid
              : (same.valid = validateByteRange(byteRange, document, dict.getContents())));
          DSSDocument signedContent = null;
          if (byteRange.isValid()) {
            signedContent = digests != null ? digests.signedContent(byteRange)
                : new PdfByteRangeDocument(document, byteRange);
            long expected = (long) (byteRange.getFirstPartEnd() - byteRange.getFirstPartStart())
                + byteRange.getSecondPartEnd();
            if (!known) {
              same.sizeOk = expected == signedSize(byteRange, length, signedContent);
            }
            if (!same.sizeOk) {
              byteRange.setValid(false);
            }
          }
          if (!byteRange.isValid()) {
            signedContent = InMemoryDocument.createEmptyDocument();
            LOG.warn("The signature '{}' has an invalid /ByteRange.", names);
          }
          if (same.whole == null) {
            same.whole = coversWholeDocument(reader, dict, document, length);
          }
          boolean whole = same.whole;
          DSSDocument revisionContent = PAdESUtils.getRevisionContent(document, byteRange);
          boolean revisionIsFinal = byteRange.getFirstPartStart() == 0
              && (long) byteRange.getSecondPartStart() + byteRange.getSecondPartEnd() == length;
          try {
            long end = (long) byteRange.getSecondPartStart() + byteRange.getSecondPartEnd();
            if (revisionIsFinal) {
              // the revision's bytes are the final document's: its reader answers for them
              lastDss = checkRevision(dict, names, same.index(reader), revisions, composite, lastDss);
            } else if (chain != null && chain.onlySignaturesAfter(end) && !chain.fieldAddedAfter(end, names)) {
              // nothing after the revision but signatures, timestamps and validation data, and the field was there
              // when it was signed: its signature dictionary is the revision's own, unchanged (compared with itself
              // it is consistent), and the revision's /DSS is read only if it has one
              if (!dict.checkConsistency(dict)) {
                LOG.warn("The signature dictionary for signature {} is not consistent!", names);
              }
              if (!same.dssKnown) {
                same.dss = Boolean.FALSE.equals(chain.catalogHasDss(end)) ? null
                    : (same.reader == null ? same.reader = loadPdfDocumentReader(revisionContent, password)
                        : same.reader).getDSSDictionary();
                same.dssKnown = true;
              }
              lastDss = updateDss(revisions, composite, lastDss, same.dss);
            } else {
              if (same.reader == null) {
                same.reader = loadPdfDocumentReader(revisionContent, password);
              }
              lastDss = checkRevision(dict, names, same.index(same.reader), revisions, composite, lastDss);
            }
          } catch (Exception e) {
            LOG.debug("Cannot read the revision of signature {}: {}", names, e.getMessage());
          }

          DSSDocument previous = previousRevision(document, byteRange, revisionEnds, digests);
          if (previous == null) {
            // a signature in the file's first revision (iText and pyHanko can sign so): nothing came before it,
            // so the revision it signs stands for "before" too, and the signature is validated like any other
            previous = revisionContent;
          }
          PdfCMSRevision revision = null;
          if (isDocTimestamp(dict)) {
            revision = new PdfDocTimestampRevision(dict, fields, signedContent, previous, whole);
          } else if (isSignature(dict)) {
            boolean anyDssRevision = revisions.stream().anyMatch(PdfDocDssRevision.class::isInstance);
            revision = new PdfSignatureRevision(dict, composite, anyDssRevision ? finalDss : null, fields,
                signedContent, previous, whole);
          } else {
            LOG.warn("The entry {} is skipped: type '{}' and subFilter '{}' are not a signature.", names,
                dict.getType(), dict.getSubFilter());
          }
          if (revision != null) {
            revisions.add(revision);
          }
          try {
            if (!same.previousDssKnown) {
              Boolean has = chain == null || !(previous instanceof PdfByteRangeDocument p) ? null
                  : chain.catalogHasDss(p.getByteRange().getFirstPartEnd());
              same.previousDss = Boolean.FALSE.equals(has) ? null : dssOf(previous, document, password);
              same.previousDssKnown = true;
            }
            PdfDssDict previousDss = same.previousDss;
            lastDss = updateDss(revisions, composite, lastDss, previousDss);
          } catch (Exception e) {
            // as DSS: an unreadable previous revision adds nothing
          }
        } catch (Exception e) {
          LOG.warn("Unable to parse signature {}: {}", names, e.getMessage());
        }
      }
    } catch (IOException e) {
      throw new DSSException(String.format("The document with name [%s] is either not accessible or not PDF "
          + "compatible. Reason : [%s]", document.getName(), e.getMessage()), e);
    } catch (DSSException e) {
      throw e;
    } catch (Exception e) {
      throw new DSSException("Cannot analyze signatures : " + e.getMessage(), e);
    } finally {
      same.close();
      if (chain != null) {
        chain.close();
      }
    }
    return revisions;
  }

  /**
   * What the signatures over one byte range share, kept while consecutive signatures (newest first) have that
   * range: the checks of the range, the revision's reader and its signature dictionaries by field names.
   */
  private static final class SameRange {
    private List<Integer> key;
    private byte[] contents;
    boolean valid;
    boolean sizeOk;
    Boolean whole;
    PdfDssDict dss;
    boolean dssKnown;
    PdfDssDict previousDss;
    boolean previousDssKnown;
    PdfDocumentReader reader;
    private RevisionIndex index;

    /** True when {@code key} and {@code contents} are the current ones; else forgets everything for them. */
    boolean switchTo(List<Integer> key, byte[] contents) {
      if (key != null && key.equals(this.key) && java.util.Arrays.equals(contents, this.contents)) {
        return true;
      }
      close();
      this.key = key;
      this.contents = contents;
      return false;
    }

    RevisionIndex index(PdfDocumentReader r) throws IOException {
      if (index == null || index.reader != r) {
        index = new RevisionIndex(r);
      }
      return index;
    }

    void close() {
      whole = null;
      dss = null;
      dssKnown = false;
      previousDss = null;
      previousDssKnown = false;
      index = null;
      if (reader != null) {
        try {
          reader.close();
        } catch (IOException e) {
          LOG.debug("Cannot close the PDF reader: {}", e.getMessage());
        }
        reader = null;
      }
    }
  }

  /** A revision's signature dictionaries by their field names, and its DSS dictionary, read once. */
  private static final class RevisionIndex {
    final PdfDocumentReader reader;
    final Map<List<String>, PdfSignatureDictionary> byNames = new java.util.HashMap<>();
    final PdfDssDict dss;

    RevisionIndex(PdfDocumentReader reader) throws IOException {
      this.reader = reader;
      for (Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>> e : reader.extractSigDictionaries().entrySet()) {
        List<String> n = e.getValue().stream().map(PdfSignatureField::getFieldName).collect(Collectors.toList());
        byNames.putIfAbsent(n, e.getKey()); // the first match, as a linear search finds it
      }
      this.dss = reader.getDSSDictionary();
    }
  }

  /** The spoofing check of the signature dictionary, then the revision's DSS dictionary. */
  private static PdfDssDict checkRevision(PdfSignatureDictionary dict, List<String> names, RevisionIndex revision,
      List<PdfRevision> revisions, PdfCompositeDssDictionary composite, PdfDssDict lastDss) throws IOException {
    PdfSignatureDictionary same = revision.byNames.get(names);
    if (!dict.checkConsistency(same)) {
      LOG.warn("The signature dictionary for signature {} is not consistent!", names);
    }
    return updateDss(revisions, composite, lastDss, revision.dss);
  }

  /** A DSS revision is recorded where the DSS dictionary changes from one revision to the one before. */
  private static PdfDssDict updateDss(List<PdfRevision> revisions, PdfCompositeDssDictionary composite,
      PdfDssDict last, PdfDssDict current) {
    if (last != null && !last.equals(current)) {
      composite.populateFromDssDictionary(last);
      revisions.add(new PdfDocDssRevision(composite, last));
    }
    return current;
  }

  /**
   * The DSS dictionary of an earlier revision: null without parsing when a strict read of the revision shows no
   * /DSS entry in its catalog, else parsed as DSS does.
   */
  private PdfDssDict dssOf(DSSDocument revision, DSSDocument whole, char[] password) throws IOException {
    if (revision instanceof PdfByteRangeDocument br && password == null) {
      Boolean hasDss = catalogHasDss(br, whole);
      if (Boolean.FALSE.equals(hasDss)) {
        return null;
      }
    }
    try (PdfDocumentReader r = loadPdfDocumentReader(revision, password)) {
      return r.getDSSDictionary();
    }
  }

  /** Whether the revision's catalog has a /DSS entry, or null when the revision cannot be read strictly. */
  private static Boolean catalogHasDss(PdfByteRangeDocument revision, DSSDocument whole) {
    ByteRange range = revision.getByteRange();
    if (range.getFirstPartStart() != 0 || range.getSecondPartEnd() != 0) {
      return null;
    }
    long end = range.getFirstPartEnd();
    try (RawPdf pdf = RawPdf.open(new PrefixSource(whole, end))) {
      if (pdf.trailer().get("Encrypt") != null) {
        return null;
      }
      RawValue root = pdf.resolve(pdf.trailer().get("Root"));
      return root instanceof RawValue.Dict d ? d.get("DSS") != null : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The longest revision that ends before the signature's /Contents, as DSS picks it. */
  private static DSSDocument previousRevision(DSSDocument document, ByteRange byteRange, List<Long> ends,
      RevisionDigests digests) {
    long limit = (long) byteRange.getFirstPartStart() + byteRange.getFirstPartEnd();
    long best = -1;
    for (long e : ends) {
      if (limit > e && e > best) {
        best = e;
      }
    }
    if (best < 0) {
      return null;
    }
    ByteRange range = new ByteRange(new int[] {0, (int) best, (int) best, 0});
    return digests != null ? digests.signedContent(range) : new PdfByteRangeDocument(document, range);
  }

  private static Map<PdfSignatureDictionary, List<PdfSignatureField>> newestFirst(
      Map<PdfSignatureDictionary, List<PdfSignatureField>> dicts) {
    List<Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>>> entries = new ArrayList<>(dicts.entrySet());
    // a stable sort, newest revision first
    entries.sort(Map.Entry.<PdfSignatureDictionary, List<PdfSignatureField>>comparingByKey(
        new PdfSignatureDictionaryComparator()).reversed());
    Map<PdfSignatureDictionary, List<PdfSignatureField>> out = new LinkedHashMap<>();
    for (Map.Entry<PdfSignatureDictionary, List<PdfSignatureField>> e : entries) {
      out.putIfAbsent(e.getKey(), e.getValue());
    }
    return out;
  }

  @Override
  public void analyzePdfModifications(DSSDocument document, List<AdvancedSignature> signatures, char[] password) {
    if (signatures == null || signatures.isEmpty()) {
      return;
    }
    List<PdfCMSRevision> revisions = new ArrayList<>();
    for (AdvancedSignature s : signatures) {
      revisions.add(((PAdESSignature) s).getPdfRevision());
    }
    // document timestamps, each once
    List<TimestampToken> seen = new ArrayList<>();
    for (AdvancedSignature s : signatures) {
      for (TimestampToken t : s.getDocumentTimestamps()) {
        if (!seen.contains(t)) {
          seen.add(t);
          revisions.add(((PdfTimestampToken) t).getPdfRevision());
        }
      }
    }
    analyse(document, revisions, password);
  }

  @Override
  public void analyzeTimestampPdfModifications(DSSDocument document, List<TimestampToken> timestamps,
      char[] password) {
    if (timestamps == null || timestamps.isEmpty()) {
      return;
    }
    List<PdfCMSRevision> revisions = new ArrayList<>();
    for (TimestampToken t : timestamps) {
      if (t instanceof PdfTimestampToken p) {
        revisions.add(p.getPdfRevision());
      }
    }
    analyse(document, revisions, password);
  }

  /**
   * What changed after each revision. A revision that is the final document gets no comparison (there is nothing
   * after it); the final document's overlapping annotations are found without parsing it when no page has two
   * annotations or more. The final document is parsed only when something needs it.
   */
  private void analyse(DSSDocument document, List<PdfCMSRevision> revisions, char[] password) {
    long length = size(document);
    PdfDocumentReader finalReader = null;
    // signatures over the same byte range share one revision: compared once (issue 20: 1,000 fields in linear time)
    Map<List<Integer>, PdfModificationDetection> byRange = new java.util.HashMap<>();
    // many signatures: DSS compares at most ModificationPlan.DSS_COMPARISONS revisions (issue 20)
    UpdateChain chain = ModificationPlan.many(revisions.size()) && password == null ? chains.of(document) : null;
    java.util.TreeMap<Long, PdfCMSRevision> byEnd = new java.util.TreeMap<>();
    for (PdfCMSRevision r : revisions) {
      if (r.getByteRange() != null && !isFinal(r.getByteRange(), length)) {
        byEnd.putIfAbsent(end(r.getByteRange()), r);
      }
    }
    int comparisons = 0;
    try {
      List<PdfModification> overlaps = null;
      for (PdfCMSRevision revision : revisions) {
        boolean fin = isFinal(revision.getByteRange(), length);
        if ((fin || ModificationPlan.many(revisions.size())) && overlaps == null) {
          // the final document's overlapping annotations: the same for every revision
          if (password == null && !anyPageWithTwoAnnotations(document)) {
            overlaps = List.of();
          } else {
            if (finalReader == null) {
              finalReader = loadPdfDocumentReader(document, password);
            }
            overlaps = pdfDifferencesFinder.getAnnotationOverlaps(finalReader);
          }
        }
        if (fin) {
          PdfModificationDetection detection = new PdfModificationDetection();
          detection.setAnnotationOverlaps(new ArrayList<>(overlaps));
          detection.setPageDifferences(new ArrayList<>());
          detection.setVisualDifferences(new ArrayList<>());
          detection.setObjectModifications(new PdfObjectModifications());
          revision.setModificationDetection(detection);
        } else {
          List<Integer> key = rangeKey(revision.getByteRange());
          PdfModificationDetection same = key == null ? null : byRange.get(key);
          if (same != null) {
            revision.setModificationDetection(same);
            continue;
          }
          PdfCMSRevision compared = revision;
          if (ModificationPlan.many(revisions.size())) {
            long end = key == null ? -1 : end(revision.getByteRange());
            if (chain != null && end > 0 && chain.onlySignaturesAfter(end)) {
              revision.setModificationDetection(ModificationPlan.onlySignaturesAfter(chain.signatureAfter(end),
                  chain.validationDataAfter(end), overlaps));
              byRange.put(key, revision.getModificationDetection());
              continue;
            }
            // the newest revision before the first other change: the updates in between add only signatures
            long other = chain == null || end <= 0 || chain.startXrefBefore(end) < 0 ? -1
                : chain.firstOtherUpdateAfter(end);
            var anchor = other > 0 ? byEnd.floorEntry(other) : null;
            if (anchor != null && anchor.getKey() > end && chain.onlySignaturesBetween(end, anchor.getKey())) {
              PdfModificationDetection shared = byRange.get(rangeKey(anchor.getValue().getByteRange()));
              if (shared != null) {
                revision.setModificationDetection(shared);
                byRange.put(key, shared);
                continue;
              }
              compared = anchor.getValue();
            }
            if (comparisons >= ModificationPlan.DSS_COMPARISONS) {
              revision.setModificationDetection(ModificationPlan.notCompared(overlaps));
              continue;
            }
            comparisons++;
          }
          if (finalReader == null) {
            finalReader = loadPdfDocumentReader(document, password);
          }
          super.analyzePdfModifications(document, compared, finalReader, password);
          if (compared != revision) {
            revision.setModificationDetection(compared.getModificationDetection());
            byRange.put(rangeKey(compared.getByteRange()), compared.getModificationDetection());
          }
          if (key != null && revision.getModificationDetection() != null) {
            byRange.put(key, revision.getModificationDetection());
          }
        }
      }
    } catch (Exception e) {
      LOG.warn("Unable to proceed PDF modification detection. Reason : {}", e.getMessage());
    } finally {
      if (chain != null) {
        chain.close();
      }
      if (finalReader != null) {
        try {
          finalReader.close();
        } catch (IOException e) {
          LOG.debug("Cannot close the PDF reader: {}", e.getMessage());
        }
      }
    }
  }

  /** kyso's reading of the document's incremental updates, or null when it cannot be read strictly. */
  private static UpdateChain chain(DSSDocument document) {
    try {
      return UpdateChain.read(new PrefixSource(document, size(document)));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static long end(ByteRange br) {
    return (long) br.getSecondPartStart() + br.getSecondPartEnd();
  }

  /**
   * The number of bytes a byte range reads: arithmetic when both parts lie in the file (instead of reading them all
   * once per signature), else counted as DSS counts them.
   */
  private static long signedSize(ByteRange br, long length, DSSDocument signedContent) {
    long a = br.getFirstPartStart();
    long b = br.getFirstPartEnd();
    long c = br.getSecondPartStart();
    long d = br.getSecondPartEnd();
    if (a == 0 && b >= 0 && c >= b && d >= 0 && c + d <= length) {
      return b + d;
    }
    return DSSUtils.getFileByteSize(signedContent);
  }

  /**
   * DSS's {@code isSignatureCoversWholeDocument}, with the file's length known once: DSS reads the whole document to
   * count its bytes for every signature, which for 1,000 signatures in a 20 MB file is 20 GB read (issue 20). For a
   * file or in-memory document its length is the number of bytes its stream gives; any other document is asked
   * as DSS does.
   */
  private static boolean coversWholeDocument(PdfDocumentReader reader, PdfSignatureDictionary dict,
      DSSDocument document, long length) {
    if (!(document instanceof FileDocument || document instanceof InMemoryDocument)) {
      return reader.isSignatureCoversWholeDocument(dict);
    }
    ByteRange byteRange = dict.getByteRange();
    // DSS's arithmetic, term by term
    long beforeSignatureLength = (long) byteRange.getFirstPartEnd() - byteRange.getFirstPartStart();
    long expectedCmsLength = (long) byteRange.getSecondPartStart() - byteRange.getFirstPartEnd()
        - byteRange.getFirstPartStart();
    long afterSignatureLength = byteRange.getSecondPartEnd();
    return length == beforeSignatureLength + expectedCmsLength + afterSignatureLength;
  }

  /** A byte range as a map key, or null. */
  private static List<Integer> rangeKey(ByteRange br) {
    return br == null ? null : List.of(br.getFirstPartStart(), br.getFirstPartEnd(), br.getSecondPartStart(),
        br.getSecondPartEnd());
  }

  private static boolean isFinal(ByteRange br, long length) {
    return br != null && br.getFirstPartStart() == 0
        && (long) br.getSecondPartStart() + br.getSecondPartEnd() == length;
  }

  /**
   * Whether some page of the document may hold two annotations or more (only then can two overlap). Answers true
   * whenever the document cannot be read strictly or its page tree is not exactly what its /Count says.
   */
  private static boolean anyPageWithTwoAnnotations(DSSDocument document) {
    try (RawPdf pdf = RawPdf.open(new PrefixSource(document, size(document)))) {
      if (pdf.trailer().get("Encrypt") != null) {
        return true;
      }
      if (!(pdf.resolve(pdf.trailer().get("Root")) instanceof RawValue.Dict catalog)) {
        return true;
      }
      RawValue root = pdf.resolve(catalog.get("Pages"));
      if (!(root instanceof RawValue.Dict rootDict)
          || !(pdf.resolve(rootDict.get("Count")) instanceof RawValue.Num count)) {
        return true;
      }
      long[] leaves = {0};
      if (walk(pdf, rootDict, leaves, new java.util.HashSet<>(), 0)) {
        return true;
      }
      return leaves[0] != count.longValue();
    } catch (IOException | RuntimeException e) {
      return true;
    }
  }

  /** Walks a page tree node; true as soon as a page may hold two annotations or the tree looks odd. */
  private static boolean walk(RawPdf pdf, RawValue.Dict node, long[] leaves, java.util.Set<Long> seen, int depth)
      throws IOException {
    if (depth > 64) {
      return true;
    }
    if (!(pdf.resolve(node.get("Kids")) instanceof RawValue.Arr kids)) {
      return true;
    }
    for (RawValue kid : kids.items()) {
      if (!(kid instanceof RawValue.Ref r) || !seen.add(r.number())) {
        return true;
      }
      if (!(pdf.resolve(kid) instanceof RawValue.Dict k)) {
        return true;
      }
      String type = k.get("Type") instanceof RawValue.Name n ? n.name() : null;
      if ("Pages".equals(type)) {
        if (walk(pdf, k, leaves, seen, depth + 1)) {
          return true;
        }
      } else if ("Page".equals(type)) {
        leaves[0]++;
        RawValue annots = k.get("Annots");
        if (annots != null) {
          RawValue a = pdf.resolve(annots);
          if (!(a instanceof RawValue.Arr arr) || arr.items().size() >= 2) {
            return true;
          }
        }
      } else {
        return true;
      }
    }
    return false;
  }

  static long size(DSSDocument d) {
    if (d instanceof FileDocument f) {
      return f.getFile().length();
    }
    if (d instanceof InMemoryDocument m) {
      return m.getBytes().length;
    }
    if (d instanceof PdfByteRangeDocument br) {
      ByteRange r = br.getByteRange();
      return (long) (r.getFirstPartEnd() - r.getFirstPartStart()) + r.getSecondPartEnd();
    }
    return DSSUtils.getFileByteSize(d);
  }

  /** A reader that finds pages in a list made once, instead of walking the page tree for each page. */
  static class PageListReader extends PdfBoxDocumentReader {
    private List<PDPage> pages;

    PageListReader(DSSDocument document, String password, eu.europa.esig.dss.pdf.PdfMemoryUsageSetting memory)
        throws IOException {
      super(document, password, memory);
    }

    @Override
    public PDPage getPDPage(int page) {
      if (pages == null) {
        PDDocument doc = getPDDocument();
        List<PDPage> list = new ArrayList<>(doc.getNumberOfPages());
        for (PDPage p : doc.getPages()) {
          list.add(p);
        }
        pages = list;
      }
      int index = page - 1;
      if (index < 0 || index >= pages.size()) {
        // as DSS's own lookup would
        return getPDDocument().getPage(index);
      }
      return pages.get(index);
    }
  }

  /** A reader over a temporary copy of a revision, deleted when the reader is closed. */
  static final class TempFileReader extends PageListReader {
    private final Path tmp;

    TempFileReader(DSSDocument document, String password, eu.europa.esig.dss.pdf.PdfMemoryUsageSetting memory,
        Path tmp) throws IOException {
      super(document, password, memory);
      this.tmp = tmp;
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        org.kyso.core.internal.TempFiles.delete(tmp);
      }
    }
  }

  /**
   * The first {@code end} bytes of a document, as a {@link RawPdf.Source}. A file is opened when first read and
   * again after {@link #close()}, so that a source kept for later reads holds no file open in between.
   */
  private static final class PrefixSource implements RawPdf.Source {
    private final long end;
    private final Path file;
    private java.nio.channels.FileChannel channel;
    private byte[] bytes;

    PrefixSource(DSSDocument doc, long end) throws IOException {
      this.end = end;
      if (doc instanceof FileDocument f) {
        file = f.getFile().toPath();
        channel = java.nio.channels.FileChannel.open(file);
      } else if (doc instanceof InMemoryDocument m) {
        file = null;
        bytes = m.getBytes();
      } else {
        throw new IOException("unsupported document kind");
      }
    }

    @Override
    public long length() {
      return end;
    }

    @Override
    public int read(long pos, byte[] b, int off, int len) throws IOException {
      int n = (int) Math.max(0, Math.min(len, end - pos));
      if (bytes != null) {
        System.arraycopy(bytes, (int) pos, b, off, n);
        return n;
      }
      if (channel == null) {
        channel = java.nio.channels.FileChannel.open(file);
      }
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap(b, off, n);
      int total = 0;
      while (bb.hasRemaining()) {
        int r = channel.read(bb, pos + total);
        if (r < 0) {
          break;
        }
        total += r;
      }
      return total;
    }

    @Override
    public void close() throws IOException {
      if (channel != null) {
        channel.close();
        channel = null;
      }
    }
  }
}
