package io.clientele.merchant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialKindsTest {

  record Kind(String wireName, boolean actsForProject) implements CredentialKind {
    @Override
    public Minted mint(String projectId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public List<Field> fields() {
      return List.of();
    }

    @Override
    public Minted fromGiven(Map<String, String> given, String projectId) {
      throw new UnsupportedOperationException();
    }

    @Override
    public String lookupOf(String identifier) {
      return identifier;
    }
  }

  final CredentialKinds kinds =
      new CredentialKinds(
          List.of(
              new Kind("juspay", false), new Kind("flowwise", true), new Kind("airpay", false)));

  @Test
  void findsAKindByItsWireName() {
    assertThat(kinds.find("flowwise"))
        .hasValueSatisfying(k -> assertThat(k.actsForProject()).isTrue());
    assertThat(kinds.require("airpay").wireName()).isEqualTo("airpay");
  }

  @Test
  void findsNoKindByAnotherName() {
    assertThat(kinds.find("JUSPAY")).isEmpty();
    assertThat(kinds.find("stripe")).isEmpty();
  }

  @Test
  void refusesToRequireAnUnknownKind() {
    assertThatThrownBy(() -> kinds.require("stripe"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("no credential kind named stripe");
  }

  @Test
  void namesTheKindsInTheOrderTheyWereRegistered() {
    assertThat(kinds.wireNames()).containsExactly("juspay", "flowwise", "airpay");
    assertThat(kinds.projectWireNames()).containsExactly("flowwise");
  }

  @Test
  void refusesTwoKindsOfOneName() {
    assertThatThrownBy(
            () -> new CredentialKinds(List.of(new Kind("juspay", false), new Kind("juspay", true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two credential kinds are named juspay; wire names must be unique");
  }
}
