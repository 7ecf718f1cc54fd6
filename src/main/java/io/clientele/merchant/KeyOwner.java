package io.clientele.merchant;

/** A stored credential with the merchant that owns it: what authentication reads in one query. */
public record KeyOwner(Credential credential, Merchant merchant) {}
