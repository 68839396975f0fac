package io.advstream.model.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.model.attack.AttackSpec.BnMode;
import io.advstream.model.attack.AttackSpec.Kind;
import io.advstream.model.attack.AttackSpec.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

class AttackSpecTest {

  @Test
  void readsTheIssueExample() {
    AttackSpec spec = AttackSpec.parse("pgd-linf:eps=4/255,step=1/255,iters=5,random-start=1");
    assertThat(spec.kind()).isEqualTo(Kind.PGD_LINF);
    assertThat(spec.eps()).isEqualTo(4 / 255.0);
    assertThat(spec.step()).isEqualTo(1 / 255.0);
    assertThat(spec.iterations()).isEqualTo(5);
    assertThat(spec.randomStart()).isTrue();
    assertThat(spec.target()).isEqualTo(Target.NONE);
    assertThat(spec.bnMode()).isEqualTo(BnMode.TRAIN);
  }

  @Test
  void kindsHaveTheirDefaults() {
    assertThat(AttackSpec.parse("ifgsm").randomStart()).isFalse();
    assertThat(AttackSpec.parse("pgd-linf").randomStart()).isTrue();
    AttackSpec fgsm = AttackSpec.parse("fgsm:eps=8/255");
    assertThat(fgsm.iterations()).isEqualTo(1);
    assertThat(fgsm.step()).isEqualTo(fgsm.eps());
    assertThat(AttackSpec.parse("gd-l2:eps=1.5").eps()).isEqualTo(1.5);
  }

  @ParameterizedTest
  @FieldSource("io.advstream.model.attack.AttackSpec#EXAMPLES")
  void canonicalFormParsesBackToTheSameSpec(String example) {
    AttackSpec spec = AttackSpec.parse(example);
    assertThat(AttackSpec.parse(spec.toString())).isEqualTo(spec);
  }

  @Test
  void canonicalFormSpellsEveryOption() {
    assertThat(AttackSpec.parse("fgsm:eps=8/255,target=random").toString())
        .isEqualTo("fgsm:eps=8/255,step=8/255,iters=1,random-start=0,target=random,bn=train");
    assertThat(AttackSpec.parse("gd-l2:eps=0.5,step=2").toString())
        .startsWith("gd-l2:eps=0.5,step=2,iters=5");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pgd:eps=4/255 | unknown kind 'pgd'",
        "pgd-linf:eps=four | eps=four is not a number",
        "pgd-linf:eps=0 | eps must be positive",
        "pgd-linf:iters=0 | iters must be at least 1",
        "pgd-linf:iters=2.5 | iters=2.5 is not a whole number",
        "pgd-linf:random-start=yes | random-start=yes is not 0 or 1",
        "pgd-linf:target=other | target=other is not none or random",
        "pgd-linf:bn=frozen | bn=frozen is not train or eval",
        "pgd-linf:steps=3 | unknown option 'steps'",
        "pgd-linf:eps | 'eps' is not key=value",
        "pgd-linf:eps=1/255,eps=2/255 | eps is given twice",
        "fgsm:iters=3 | fgsm takes exactly one step",
        "ifgsm:random-start=1 | ifgsm has no random start",
      })
  void badStringsAreRefusedNamingTheBadPart(String spec, String message) {
    assertThatThrownBy(() -> AttackSpec.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message)
        .hasMessageContaining(spec.strip());
  }
}
