package org.kyso.xml;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The header of an edXML message ({@code edXMLEnvelope/edXMLHeader/MessageHeader}, QCVN 102:2016/BTTTT): sender and
 * receivers (agency code {@code OrganId} and name), the document's number and notation ({@code Code}), place and
 * date of promulgation, type, subject and summary. Immutable; build with {@link #builder()}.
 */
public final class EdxmlHeader {
  /** An agency: its code in the national directory (e.g. {@code 000.00.00.H41}) and its name. */
  public record Organ(String id, String name) {
    public Organ {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
    }
  }

  private final Organ from;
  private final List<Organ> to;
  private final String codeNumber;
  private final String codeNotation;
  private final String place;
  private final LocalDate promulgationDate;
  private final int documentType;
  private final String documentTypeName;
  private final String subject;
  private final String content;
  private final Optional<LocalDateTime> timestamp;

  private EdxmlHeader(Builder b) {
    this.from = b.from;
    this.to = List.copyOf(b.to);
    this.codeNumber = b.codeNumber;
    this.codeNotation = b.codeNotation;
    this.place = b.place;
    this.promulgationDate = b.promulgationDate;
    this.documentType = b.documentType;
    this.documentTypeName = b.documentTypeName;
    this.subject = b.subject;
    this.content = b.content == null ? b.subject : b.content;
    this.timestamp = Optional.ofNullable(b.timestamp);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Organ from() {
    return from;
  }

  public List<Organ> to() {
    return to;
  }

  public String codeNumber() {
    return codeNumber;
  }

  public String codeNotation() {
    return codeNotation;
  }

  public String place() {
    return place;
  }

  public LocalDate promulgationDate() {
    return promulgationDate;
  }

  public int documentType() {
    return documentType;
  }

  public String documentTypeName() {
    return documentTypeName;
  }

  public String subject() {
    return subject;
  }

  public String content() {
    return content;
  }

  /** The trace time of the sender (TraceHeader/Timestamp), if set. */
  public Optional<LocalDateTime> timestamp() {
    return timestamp;
  }

  /** Builds an {@link EdxmlHeader}; sender, at least one receiver, code, date and subject are required. */
  public static final class Builder {
    private Organ from;
    private final List<Organ> to = new ArrayList<>();
    private String codeNumber;
    private String codeNotation;
    private String place = "";
    private LocalDate promulgationDate;
    private int documentType = 1;
    private String documentTypeName = "Công văn";
    private String subject;
    private String content;
    private LocalDateTime timestamp;

    private Builder() {}

    public Builder from(String organId, String organName) {
      this.from = new Organ(organId, organName);
      return this;
    }

    /** A receiver; repeatable. */
    public Builder to(String organId, String organName) {
      this.to.add(new Organ(organId, organName));
      return this;
    }

    /** Number and notation, e.g. {@code code("15", "QĐ-UBND")} for 15/QĐ-UBND. */
    public Builder code(String number, String notation) {
      this.codeNumber = Objects.requireNonNull(number, "number");
      this.codeNotation = Objects.requireNonNull(notation, "notation");
      return this;
    }

    public Builder promulgation(String place, LocalDate date) {
      this.place = Objects.requireNonNull(place, "place");
      this.promulgationDate = Objects.requireNonNull(date, "date");
      return this;
    }

    /** The document type code of the standard (1 = legal document...) and its name (Quyết định, Công văn...). */
    public Builder documentType(int type, String name) {
      this.documentType = type;
      this.documentTypeName = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder subject(String subject) {
      this.subject = Objects.requireNonNull(subject, "subject");
      return this;
    }

    /** The summary ({@code Content}); defaults to the subject. */
    public Builder content(String content) {
      this.content = Objects.requireNonNull(content, "content");
      return this;
    }

    /** The sender's trace time ({@code TraceHeaderList/TraceHeader/Timestamp}). */
    public Builder timestamp(LocalDateTime time) {
      this.timestamp = Objects.requireNonNull(time, "time");
      return this;
    }

    /** @throws IllegalStateException if a required field is missing */
    public EdxmlHeader build() {
      if (from == null || to.isEmpty() || codeNumber == null || promulgationDate == null || subject == null) {
        throw new IllegalStateException("An edXML header needs from, to, code, promulgation date and subject.");
      }
      return new EdxmlHeader(this);
    }
  }
}
