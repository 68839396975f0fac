package io.advstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.advstream.avro.Domain;
import org.junit.jupiter.api.Test;

class DomainRoutingTest {

  @Test
  void routesByDomainAndByVariantMostSpecificFirst() {
    DomainRouting routing =
        DomainRouting.parse(
            "clean=main, adversarial=aux1, autoaugment:rand-m9=aux2, autoaugment=aux3");
    assertThat(routing.route(Domain.CLEAN, "")).contains("main");
    assertThat(routing.route(Domain.ADVERSARIAL, "pgd-linf:eps=4/255")).contains("aux1");
    assertThat(routing.route(Domain.AUTOAUGMENT, "rand-m9")).contains("aux2");
    assertThat(routing.route(Domain.AUTOAUGMENT, "trivialwide")).contains("aux3");
    assertThat(routing.route(Domain.UNKNOWN, "")).isEmpty();
    assertThat(routing.bnSets()).containsExactly("main", "aux1", "aux2", "aux3");
  }

  @Test
  void domainsMayShareASet() {
    DomainRouting routing = DomainRouting.parse("clean=main,adversarial=aux1,autoaugment=aux1");
    assertThat(routing.bnSets()).containsExactly("main", "aux1");
    assertThat(routing.route(Domain.AUTOAUGMENT, "x")).contains("aux1");
  }

  @Test
  void sharedBatchNormSendsEveryDomainToMain() {
    DomainRouting shared = DomainRouting.parse("clean=main,adversarial=aux1").sharedBatchNorm();
    assertThat(shared.bnSets()).containsExactly("main");
    assertThat(shared.route(Domain.ADVERSARIAL, "")).contains("main");
  }

  @Test
  void cleanOnlyRoutesNothingElse() {
    assertThat(DomainRouting.cleanOnly().route(Domain.ADVERSARIAL, "")).isEmpty();
    assertThat(DomainRouting.cleanOnly().bnSets()).containsExactly("main");
  }

  @Test
  void stringFormRoundTrips() {
    DomainRouting routing =
        DomainRouting.parse("clean=main,autoaugment:rand-m9=aux2,adversarial=aux1");
    assertThat(DomainRouting.parse(routing.toString())).isEqualTo(routing);
    assertThat(routing.toString())
        .isEqualTo("adversarial=aux1,autoaugment:rand-m9=aux2,clean=main");
  }

  @Test
  void malformedStringsNameTheBadPart() {
    assertThatThrownBy(() -> DomainRouting.parse("clean=main,adversarial"))
        .hasMessageContaining("entry 'adversarial'")
        .hasMessageContaining("DOMAIN[:VARIANT]=BNSET");
    assertThatThrownBy(() -> DomainRouting.parse("clean=main,mixup=aux1"))
        .hasMessageContaining("unknown domain 'mixup'");
    assertThatThrownBy(() -> DomainRouting.parse("clean=main,adversarial=Aux 1"))
        .hasMessageContaining("BN set 'Aux 1'");
    assertThatThrownBy(() -> DomainRouting.parse("clean=aux1"))
        .hasMessageContaining("clean must be routed to main");
    assertThatThrownBy(() -> DomainRouting.parse("clean=main,clean=main"))
        .hasMessageContaining("routed twice");
    assertThatThrownBy(() -> DomainRouting.parse("clean=main,autoaugment:=aux1"))
        .hasMessageContaining("empty variant");
    assertThatThrownBy(() -> DomainRouting.parse(" ")).hasMessageContaining("empty");
  }
}
