package org.kyso.registers;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;

/**
 * What to look for in the registers. Every text criterion ignores case and Vietnamese diacritics ("quyet dinh"
 * finds "Quyết định", "d" finds "đ") and matches when every word of it occurs in the field. Criteria add up (AND).
 * Results come a page at a time. Immutable; built by {@link #builder()}.
 */
public final class SearchQuery {
  /** The order of results. */
  public enum Order {
    /** By register, year, series and number, ascending: the order of the register book. */
    REGISTER,
    /** Most recent entry date first. */
    NEWEST_FIRST
  }

  private final RegisterKind register;
  private final String text;
  private final String summary;
  private final String party;
  private final String notation;
  private final LocalDate from;
  private final LocalDate to;
  private final Integer year;
  private final Series series;
  private final EntryStatus status;
  private final Order order;
  private final int page;
  private final int pageSize;

  private SearchQuery(Builder b) {
    this.register = b.register;
    this.text = b.text;
    this.summary = b.summary;
    this.party = b.party;
    this.notation = b.notation;
    this.from = b.from;
    this.to = b.to;
    this.year = b.year;
    this.series = b.series;
    this.status = b.status;
    this.order = b.order;
    this.page = b.page;
    this.pageSize = b.pageSize;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Everything, in register order, first page of 50. */
  public static SearchQuery all() {
    return builder().build();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.register = register;
    b.text = text;
    b.summary = summary;
    b.party = party;
    b.notation = notation;
    b.from = from;
    b.to = to;
    b.year = year;
    b.series = series;
    b.status = status;
    b.order = order;
    b.page = page;
    b.pageSize = pageSize;
    return b;
  }

  public Optional<RegisterKind> register() {
    return Optional.ofNullable(register);
  }

  /** Words to find anywhere: summary, type, notation, author, signer, recipients, receiver, filing unit. */
  public Optional<String> text() {
    return Optional.ofNullable(text);
  }

  public Optional<String> summary() {
    return Optional.ofNullable(summary);
  }

  /** Words to find in the people and bodies: author, signer, recipients, receiver, filing unit. */
  public Optional<String> party() {
    return Optional.ofNullable(party);
  }

  public Optional<String> notation() {
    return Optional.ofNullable(notation);
  }

  public Optional<LocalDate> from() {
    return Optional.ofNullable(from);
  }

  public Optional<LocalDate> to() {
    return Optional.ofNullable(to);
  }

  public Optional<Integer> year() {
    return Optional.ofNullable(year);
  }

  public Optional<Series> series() {
    return Optional.ofNullable(series);
  }

  public Optional<EntryStatus> status() {
    return Optional.ofNullable(status);
  }

  public Order order() {
    return order;
  }

  /** The page wanted, from 1. */
  public int page() {
    return page;
  }

  public int pageSize() {
    return pageSize;
  }

  /** Builds a {@link SearchQuery}. */
  public static final class Builder {
    private RegisterKind register;
    private String text;
    private String summary;
    private String party;
    private String notation;
    private LocalDate from;
    private LocalDate to;
    private Integer year;
    private Series series;
    private EntryStatus status;
    private Order order = Order.REGISTER;
    private int page = 1;
    private int pageSize = 50;

    private Builder() {}

    public Builder register(RegisterKind v) {
      this.register = Objects.requireNonNull(v);
      return this;
    }

    public Builder text(String v) {
      this.text = Objects.requireNonNull(v);
      return this;
    }

    public Builder summary(String v) {
      this.summary = Objects.requireNonNull(v);
      return this;
    }

    public Builder party(String v) {
      this.party = Objects.requireNonNull(v);
      return this;
    }

    public Builder notation(String v) {
      this.notation = Objects.requireNonNull(v);
      return this;
    }

    /** Entries dated on or after this day (issue date, or arrival date for incoming). */
    public Builder from(LocalDate v) {
      this.from = Objects.requireNonNull(v);
      return this;
    }

    /** Entries dated on or before this day. */
    public Builder to(LocalDate v) {
      this.to = Objects.requireNonNull(v);
      return this;
    }

    public Builder year(int v) {
      this.year = v;
      return this;
    }

    public Builder series(Series v) {
      this.series = Objects.requireNonNull(v);
      return this;
    }

    public Builder status(EntryStatus v) {
      this.status = Objects.requireNonNull(v);
      return this;
    }

    public Builder order(Order v) {
      this.order = Objects.requireNonNull(v);
      return this;
    }

    /** The page, from 1. */
    public Builder page(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("Pages are numbered from 1.");
      }
      this.page = v;
      return this;
    }

    /** Entries per page, 1 to 10,000. */
    public Builder pageSize(int v) {
      if (v < 1 || v > 10_000) {
        throw new IllegalArgumentException("A page holds 1 to 10000 entries.");
      }
      this.pageSize = v;
      return this;
    }

    public SearchQuery build() {
      if (from != null && to != null && from.isAfter(to)) {
        throw new IllegalArgumentException("The date range ends before it starts.");
      }
      return new SearchQuery(this);
    }
  }
}
