package org.kyso.core.internal.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kyso.core.RevocationAnswers;

class SignerRevocationTest {

  @TempDir Path folder;

  @Test
  void sharedAnswersGiveTheSameSourcesToEverySignerBuilt() {
    RevocationAnswers answers = RevocationAnswers.inMemory();
    SignerRevocation choice = SignerRevocation.shared(answers);
    assertThat(choice.sources(Clock.systemUTC())).isSameAs(SharedAnswers.of(answers))
        .isSameAs(choice.sources(Clock.systemUTC()));
  }

  @Test
  void ownSourcesAreNewForEverySignerBuilt() {
    for (SignerRevocation choice : new SignerRevocation[] {SignerRevocation.ownInMemory(),
        SignerRevocation.cachedIn(folder)}) {
      RevocationSources first = choice.sources(Clock.systemUTC());
      assertThat(first.isOnline()).isTrue();
      assertThat(choice.sources(Clock.systemUTC())).isNotSameAs(first);
    }
  }

  @Test
  void refusesAnswersNotMadeByRevocationAnswers() {
    SignerRevocation choice = SignerRevocation.shared(new RevocationAnswers() {});
    assertThatThrownBy(() -> choice.sources(Clock.systemUTC())).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RevocationAnswers.inMemory()");
  }

  @Test
  void aFolderAndSharedAnswersExcludeEachOther() {
    assertThatThrownBy(() -> new SignerRevocation(RevocationAnswers.inMemory(), folder))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(SignerRevocation.cachedIn(folder).answers()).isNull();
    assertThat(SignerRevocation.shared(RevocationAnswers.inMemory()).cacheFolder()).isNull();
  }
}
