package org.kyso.registers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.kyso.core.DocumentException;
import org.kyso.core.verify.Verdict;

class RegistersTest extends DatabaseTestBase {

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void numbersOutgoingDocumentsFromOneWithTheirNotation(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    OutgoingEntry qd = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH,
        "Về việc thành lập Tổ công tác chuyển đổi số").signer("Nguyễn Văn An").recipients("Như Điều 3; Lưu: VT")
        .filingUnit("Văn phòng").copies(5).build());
    OutgoingEntry cv = r.registerOutgoing(OutgoingDraft.builder(DocumentType.CONG_VAN, "V/v báo cáo tiến độ")
        .unitAbbreviation("VP").urgency(Urgency.URGENT).build());
    OutgoingEntry tb = r.registerOutgoing(OutgoingDraft.builder(DocumentType.parse("TB"), "Thông báo lịch tiếp dân")
        .date(LocalDate.of(2026, 3, 9)).build());

    assertThat(qd.number()).isEqualTo(1);
    assertThat(qd.notation()).isEqualTo("01/QĐ-UBND");
    assertThat(qd.year()).isEqualTo(2026);
    assertThat(qd.date()).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(qd.series()).isEqualTo(Series.ADMINISTRATIVE);
    assertThat(cv.notation()).isEqualTo("02/UBND-VP");
    assertThat(tb.notation()).isEqualTo("03/TB-UBND");
    assertThat(tb.date()).isEqualTo(LocalDate.of(2026, 3, 9));
    assertThat(r.find(qd.ref())).contains(qd);
    assertThat(r.verify().intact()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void keepsSeparateSeriesAndRestartsEachYear(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    OutgoingEntry lastYear = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Năm cũ")
        .date(LocalDate.of(2025, 12, 31)).build());
    OutgoingEntry admin = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Hành chính").build());
    OutgoingEntry normative = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ban hành quy định")
        .series(Series.parse("normative:QD")).build());
    OutgoingEntry secret = r.registerOutgoing(OutgoingDraft.builder(DocumentType.BAO_CAO, "Báo cáo mật")
        .confidentiality(Confidentiality.SECRET).build());
    OutgoingEntry council = r.registerOutgoing(OutgoingDraft.builder(DocumentType.BIEN_BAN, "Biên bản họp hội đồng")
        .series(Series.COUNCIL).build());
    OutgoingEntry admin2 = r.registerOutgoing(OutgoingDraft.builder(DocumentType.KE_HOACH, "Kế hoạch").build());

    assertThat(lastYear.year()).isEqualTo(2025);
    assertThat(lastYear.number()).isEqualTo(1);
    assertThat(admin.number()).isEqualTo(1);
    assertThat(normative.number()).isEqualTo(1);
    assertThat(normative.notation()).isEqualTo("01/2026/QĐ-UBND");
    assertThat(secret.series()).isEqualTo(Series.CONFIDENTIAL);
    assertThat(secret.number()).isEqualTo(1);
    assertThat(council.number()).isEqualTo(1);
    assertThat(admin2.number()).isEqualTo(2);
    assertThat(admin2.notation()).isEqualTo("02/KH-UBND");
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void registersIncomingDocumentsWithTheirVerdictAndTrace(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 10, 9, 30, 0, 0, ZoneOffset.ofHours(7));
    IncomingEntry in = r.registerIncoming(IncomingDraft.builder("UBND thành phố Hà Nội", "15/QĐ-UBND",
        "Về việc giao chỉ tiêu kế hoạch năm 2026").documentDate(LocalDate.of(2026, 3, 5))
        .receiver("Văn phòng").dueDate(LocalDate.of(2026, 3, 20)).verdict(Verdict.TOTAL_PASSED)
        .fileSha256("AB".repeat(32)).step(new ProcessingStep(at, "Văn thư", "trình Chủ tịch")).build());

    assertThat(in.number()).isEqualTo(1);
    assertThat(in.type()).isEqualTo(DocumentType.QUYET_DINH);
    assertThat(in.arrivalDate()).isEqualTo(LocalDate.of(2026, 3, 10));
    assertThat(in.fileSha256()).contains("ab".repeat(32));
    assertThat(in.verdict()).contains(Verdict.TOTAL_PASSED);

    IncomingEntry cv = r.registerIncoming(IncomingDraft.builder("Sở Nội vụ", "120/SNV-VP", "V/v rà soát biên chế")
        .build());
    assertThat(cv.type()).isEqualTo(DocumentType.CONG_VAN);
    assertThat(cv.number()).isEqualTo(2);

    IncomingEntry handled = r.addProcessingStep(in.ref(), new ProcessingStep(at.plusHours(2), "Chủ tịch",
        "giao Văn phòng xử lý"));
    assertThat(handled.trace()).hasSize(2);
    assertThat(handled.status()).isEqualTo(EntryStatus.IN_PROGRESS);
    r.changeStatus(in.ref(), EntryStatus.DONE, "đã trả lời bằng công văn 05/UBND-VP");
    assertThat(r.find(in.ref()).orElseThrow().status()).isEqualTo(EntryStatus.DONE);
    assertThat(r.history(in.ref())).extracting(JournalRecord::kind).containsExactly("ENTRY", "STATUS", "STATUS");
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void correctionsAreNewJournalRecordsAndKeepTheNumber(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    OutgoingEntry e = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Về viêc sai chính tả")
        .build());
    RegisterEntry fixed = r.correct(e.ref(), Correction.builder("sửa lỗi chính tả trích yếu")
        .summary("Về việc đúng chính tả").signer("Trần Thị Bình").build());
    assertThat(fixed.number()).isEqualTo(e.number());
    assertThat(fixed.notation()).isEqualTo(e.notation());
    assertThat(fixed.summary()).isEqualTo("Về việc đúng chính tả");
    List<JournalRecord> history = r.history(e.ref());
    assertThat(history).extracting(JournalRecord::kind).containsExactly("ENTRY", "CORRECTION");
    assertThat(history.get(0).state()).contains("Về viêc sai chính tả");
    assertThat(history.get(1).note()).isEqualTo("sửa lỗi chính tả trích yếu");
    assertThatThrownBy(() -> r.correct(e.ref(), Correction.builder("không đổi").summary("Về việc đúng chính tả")
        .signer("Trần Thị Bình").build())).isInstanceOf(InvalidEntryException.class).hasMessageContaining("nothing");
    assertThat(summaries(r, SearchQuery.builder().text("dung chinh ta").build())).containsExactly("Về việc đúng chính tả");
    assertThat(summaries(r, SearchQuery.builder().text("sai chinh ta").build())).isEmpty();
    assertThat(summaries(r, SearchQuery.builder().party("tran thi binh").build())).hasSize(1);
    r.changeStatus(e.ref(), EntryStatus.WITHDRAWN, "thu hồi theo Quyết định 07/QĐ-UBND");
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesBadInputAndWritesNothing(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder().summary("Không có loại").build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("type is required");
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "  ").build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("summary");
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ngày mai")
        .date(LocalDate.of(2026, 3, 11)).build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("2026-03-11 is in the future");
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.THONG_BAO, "Sai dãy số")
        .series(Series.normative("QĐ")).build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("normative:QĐ");
    assertThatThrownBy(() -> Series.parse("bí mật quốc gia")).isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("Unknown series");
    assertThatThrownBy(() -> DocumentType.parse("XYZ")).isInstanceOf(InvalidEntryException.class)
        .hasMessageContaining("Unknown document type");
    assertThatThrownBy(() -> r.registerIncoming(IncomingDraft.builder("", "15/QĐ-UBND", "Thiếu tác giả").build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("author");
    assertThatThrownBy(() -> r.registerIncoming(IncomingDraft.builder("Sở Tài chính", "15/STC", "Ngày văn bản sau")
        .arrivalDate(LocalDate.of(2026, 3, 1)).documentDate(LocalDate.of(2026, 3, 2)).build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("after its arrival");
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Băm sai")
        .fileSha256("xyz").build())).isInstanceOf(InvalidEntryException.class).hasMessageContaining("SHA-256");

    JournalVerification v = r.verify();
    assertThat(v.records()).isEqualTo(1); // only the SETUP record
    assertThat(v.entries()).isZero();
    assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Đầu tiên").build()).number())
        .isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesADuplicateIncomingDocumentWithoutUsingANumber(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    r.registerIncoming(IncomingDraft.builder("UBND quận Ba Đình", "15/QĐ-UBND", "Lần đầu")
        .documentDate(LocalDate.of(2026, 3, 2)).build());
    assertThatThrownBy(() -> r.registerIncoming(IncomingDraft.builder("UBND QUẬN BA ĐÌNH", "15/QĐ-UBND", "Lần hai")
        .documentDate(LocalDate.of(2026, 3, 2)).build()))
        .isInstanceOf(DuplicateEntryException.class)
        .hasMessageContaining("15/QĐ-UBND").hasMessageContaining("already registered as incoming 2026 no. 1");
    IncomingEntry next = r.registerIncoming(IncomingDraft.builder("UBND quận Ba Đình", "16/QĐ-UBND", "Khác").build());
    assertThat(next.number()).isEqualTo(2);
    // the same number from the same issuer in another year is another document
    IncomingEntry lastYears = r.registerIncoming(IncomingDraft.builder("UBND quận Ba Đình", "15/QĐ-UBND", "Năm trước")
        .documentDate(LocalDate.of(2025, 5, 2)).build());
    assertThat(lastYears.number()).isEqualTo(3);
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void refusesEntriesBeforeTheOrganisationIsSetUp(TestDatabase.Kind kind) throws Exception {
    Registers r = open(database(kind));
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Sớm quá").build()))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("kyso register init");
    r.initialise(ORG);
    r.initialise(ORG); // same organisation again: nothing happens
    assertThatThrownBy(() -> r.initialise(new Organisation("UBND xã Khác", "UBND")))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("already belong");
    r.changeOrganisation(new Organisation("UBND phường Điện Biên (mới)", "UBND"), "sáp nhập đơn vị hành chính");
    assertThat(r.organisation()).contains(new Organisation("UBND phường Điện Biên (mới)", "UBND"));
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void issuesAndRegistersInOneStep(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    Path issued = tmp.resolve("issued.pdf");
    OutgoingEntry e = r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ban hành kèm số").build(),
        issued, (reserved, out) -> {
          assertThat(reserved.status()).isEqualTo(EntryStatus.RESERVED);
          try {
            Files.writeString(out, "stamped " + reserved.notation() + " " + reserved.date());
          } catch (java.io.IOException x) {
            throw new org.kyso.core.FileAccessException("cannot write", x);
          }
          return IssuedFile.of(out, Verdict.TOTAL_PASSED);
        });
    assertThat(Files.readString(issued)).isEqualTo("stamped 01/QĐ-UBND 2026-03-10");
    assertThat(e.fileSha256()).contains(Registers.sha256(issued));
    assertThat(e.verdict()).contains(Verdict.TOTAL_PASSED);
    assertThat(e.status()).isEqualTo(EntryStatus.REGISTERED);

    // a failed issuance voids its number (journaled with the reason) and writes nothing to the target
    Path refused = tmp.resolve("refused.pdf");
    assertThatThrownBy(() -> r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ký lỗi").build(),
        refused, (reserved, out) -> {
          throw new DocumentException("the token refused to sign");
        })).isInstanceOf(DocumentException.class);
    assertThat(refused).doesNotExist();
    EntryRef two = new EntryRef(RegisterKind.OUTGOING, 2026, Series.ADMINISTRATIVE, 2);
    assertThat(r.find(two).orElseThrow().status()).isEqualTo(EntryStatus.VOID);
    assertThat(r.history(two).get(1).note()).contains("the token refused to sign");
    assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Sau lỗi").build()).number())
        .isEqualTo(3);
    assertThat(r.verify().problems()).isEmpty();
    try (var files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".kyso-"));
    }
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void searchIgnoresDiacriticsAndCase(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Về việc khen thưởng phường Điện Biên")
        .date(LocalDate.of(2026, 1, 5)).signer("Nguyễn Văn An").build());
    r.registerOutgoing(OutgoingDraft.builder(DocumentType.KE_HOACH, "Kế hoạch phòng chống lụt bão")
        .date(LocalDate.of(2026, 2, 5)).signer("Đỗ Thị Đào").build());
    r.registerIncoming(IncomingDraft.builder("Sở Tài nguyên và Môi trường", "07/QĐ-STNMT",
        "Quyết định thu hồi đất").arrivalDate(LocalDate.of(2026, 3, 1)).build());

    assertThat(summaries(r, SearchQuery.builder().text("quyet dinh").build()))
        .containsExactlyInAnyOrder("Về việc khen thưởng phường Điện Biên", "Quyết định thu hồi đất");
    assertThat(summaries(r, SearchQuery.builder().text("DIEN bien").build()))
        .containsExactly("Về việc khen thưởng phường Điện Biên");
    assertThat(summaries(r, SearchQuery.builder().text("đien biên").build()))
        .containsExactly("Về việc khen thưởng phường Điện Biên");
    assertThat(summaries(r, SearchQuery.builder().party("do thi dao").build()))
        .containsExactly("Kế hoạch phòng chống lụt bão");
    assertThat(summaries(r, SearchQuery.builder().notation("stnmt").build()))
        .containsExactly("Quyết định thu hồi đất");
    assertThat(summaries(r, SearchQuery.builder().summary("lut bao").register(RegisterKind.OUTGOING).build()))
        .containsExactly("Kế hoạch phòng chống lụt bão");
    assertThat(summaries(r, SearchQuery.builder().from(LocalDate.of(2026, 2, 1)).to(LocalDate.of(2026, 2, 28))
        .build())).containsExactly("Kế hoạch phòng chống lụt bão");
    assertThat(summaries(r, SearchQuery.builder().text("100%_").build())).isEmpty();

    Page<RegisterEntry> first = r.search(SearchQuery.builder().order(SearchQuery.Order.NEWEST_FIRST).pageSize(2)
        .build());
    assertThat(first.items()).extracting(RegisterEntry::summary)
        .containsExactly("Quyết định thu hồi đất", "Kế hoạch phòng chống lụt bão");
    assertThat(first.hasNext()).isTrue();
    Page<RegisterEntry> second = r.search(SearchQuery.builder().order(SearchQuery.Order.NEWEST_FIRST).pageSize(2)
        .page(2).build());
    assertThat(second.items()).extracting(RegisterEntry::summary)
        .containsExactly("Về việc khen thưởng phường Điện Biên");
    assertThat(second.hasNext()).isFalse();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void reopensAnExistingDatabaseWithoutMigratingAgain(TestDatabase.Kind kind) throws Exception {
    TestDatabase db = database(kind);
    try (Registers r = Registers.builder(db.location).clock(CLOCK).build()) {
      r.initialise(ORG);
      r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Một").build());
    }
    Clock tomorrow = Clock.fixed(Instant.parse("2026-03-11T03:00:00Z"), ZoneOffset.UTC);
    Registers again = open(db, tomorrow);
    OutgoingEntry two = again.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Hai").build());
    assertThat(two.number()).isEqualTo(2);
    assertThat(two.date()).isEqualTo(LocalDate.of(2026, 3, 11));
    assertThat(again.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void findsNothingForAnUnknownEntry(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    assertThat(r.find(EntryRef.of(RegisterKind.OUTGOING, 2026, 99))).isEqualTo(Optional.empty());
    assertThat(r.history(EntryRef.of(RegisterKind.OUTGOING, 2026, 99))).isEmpty();
    assertThatThrownBy(() -> r.changeStatus(EntryRef.of(RegisterKind.OUTGOING, 2026, 99), EntryStatus.WITHDRAWN, ""))
        .isInstanceOf(InvalidEntryException.class).hasMessageContaining("no entry");
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void registersABatchAllOrNothing(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    List<OutgoingEntry> batch = r.registerOutgoing(List.of(
        OutgoingDraft.builder(DocumentType.QUYET_DINH, "Một").date(LocalDate.of(2026, 1, 2)).build(),
        OutgoingDraft.builder(DocumentType.CONG_VAN, "Hai").unitAbbreviation("VP").build(),
        OutgoingDraft.builder(DocumentType.QUYET_DINH, "Năm trước").date(LocalDate.of(2025, 6, 1)).build()));
    assertThat(batch).extracting(OutgoingEntry::notation).containsExactly("01/QĐ-UBND", "02/UBND-VP", "01/QĐ-UBND");
    assertThat(batch).extracting(OutgoingEntry::year).containsExactly(2026, 2026, 2025);
    assertThatThrownBy(() -> r.registerOutgoing(List.of(
        OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ba").build(),
        OutgoingDraft.builder(DocumentType.QUYET_DINH, "Tương lai").date(LocalDate.of(2027, 1, 1)).build())))
        .isInstanceOf(InvalidEntryException.class).hasMessageStartingWith("Draft 2 of 2:");
    assertThat(r.registerOutgoing(OutgoingDraft.builder(DocumentType.QUYET_DINH, "Ba").build()).number()).isEqualTo(3);
    assertThat(r.verify().problems()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(TestDatabase.Kind.class)
  void registersAReceivedFileWithItsDigestAndVerdict(TestDatabase.Kind kind) throws Exception {
    Registers r = initialised(kind);
    Path scan = tmp.resolve("scan.txt");
    Files.writeString(scan, "bản scan, không phải PDF");
    IncomingEntry e = r.registerIncoming(IncomingDraft.builder("Sở Y tế", "88/SYT-NV", "Về việc tiêm chủng").build(),
        scan, org.kyso.core.verify.Verifier.builder().offline(true).build());
    assertThat(e.fileSha256()).contains(Registers.sha256(scan));
    assertThat(e.verdict()).isEmpty(); // not a PDF or XML: no verdict
    assertThatThrownBy(() -> r.registerIncoming(IncomingDraft.builder("Sở Y tế", "89/SYT-NV", "Thiếu tệp").build(),
        tmp.resolve("absent.pdf"), org.kyso.core.verify.Verifier.builder().build()))
        .isInstanceOf(org.kyso.core.FileAccessException.class);
    assertThat(r.verify().entries()).isEqualTo(1);
  }

  private static List<String> summaries(Registers r, SearchQuery q) throws Exception {
    return r.search(q).items().stream().map(RegisterEntry::summary).toList();
  }
}
