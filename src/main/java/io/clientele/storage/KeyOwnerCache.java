package io.clientele.storage;

import io.clientele.merchant.Credential;
import io.clientele.merchant.KeyOwner;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Key owners read within the last {@code maxAge}, so a busy credential costs the database one query
 * per {@code maxAge} instead of one per request. Staleness is bounded, not removed: a credential
 * revoked, or an allow-list changed, through another node is enforced here at most {@code maxAge}
 * later. Each entry's {@code readAt} advances with this node's monotonic clock from the moment the
 * read returned, so a credential whose revocation instant falls inside an entry's life is refused
 * from that instant and never before: time spent waiting for a connection ahead of the read does
 * not count as time since it. Only credentials that exist are kept, so made-up lookups cannot fill
 * it.
 */
final class KeyOwnerCache {
  /** How long a read serves: well inside the second within which every node must refuse. */
  static final Duration MAX_AGE = Duration.ofMillis(500);

  static final int MAX_ENTRIES = 10_000;

  private record Entry(KeyOwner owner, long readNanos) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** Bumped by {@link #forgetAll}, so a read that began before a change is not kept after it. */
  private long generation;

  private final long maxAgeNanos;
  private final LongSupplier nanoTime;

  KeyOwnerCache(Duration maxAge, LongSupplier nanoTime) {
    this.maxAgeNanos = maxAge.toNanos();
    this.nanoTime = nanoTime;
  }

  /** The key owner read less than {@code maxAge} ago, else what {@code read} answers now. */
  Optional<KeyOwner> find(String dialect, String lookup, Supplier<Optional<KeyOwner>> read) {
    if (maxAgeNanos <= 0) {
      return read.get();
    }
    String key = key(dialect, lookup);
    long now = nanoTime.getAsLong();
    Entry entry = entries.get(key);
    if (entry != null && now - entry.readNanos() < maxAgeNanos) {
      return Optional.of(aged(entry, now));
    }
    long readIn = generation();
    Optional<KeyOwner> owner = read.get();
    if (owner.isEmpty()) {
      entries.remove(key);
      return owner;
    }
    keep(key, new Entry(owner.get(), nanoTime.getAsLong()), readIn);
    return owner;
  }

  /**
   * Notes a use of the credential written, or found written, by this node, so the next requests
   * within its entry's life do not try to write it again.
   */
  void usedAt(String credentialId, Instant at) {
    entries.replaceAll(
        (key, entry) ->
            entry.owner().credential().id().equals(credentialId) ? used(entry, at) : entry);
  }

  /**
   * Drops every entry, and every read still under way: this node has just committed a change to a
   * credential or an allow-list and enforces it from its next request.
   */
  synchronized void forgetAll() {
    generation++;
    entries.clear();
  }

  private synchronized long generation() {
    return generation;
  }

  private synchronized void keep(String key, Entry entry, long readIn) {
    if (readIn != generation) {
      return;
    }
    makeRoom(entry.readNanos());
    entries.put(key, entry);
  }

  int size() {
    return entries.size();
  }

  private static Entry used(Entry entry, Instant at) {
    KeyOwner owner = entry.owner();
    Credential c = owner.credential();
    Credential used =
        new Credential(
            c.id(),
            c.merchantId(),
            c.projectId(),
            c.dialect(),
            c.lookup(),
            c.secretHash(),
            c.sealedSecret(),
            c.createdAt(),
            c.revokedAt(),
            at);
    return new Entry(new KeyOwner(used, owner.merchant(), owner.readAt()), entry.readNanos());
  }

  private static KeyOwner aged(Entry entry, long now) {
    KeyOwner owner = entry.owner();
    Instant readAt = owner.readAt().plusNanos(now - entry.readNanos());
    return new KeyOwner(owner.credential(), owner.merchant(), readAt);
  }

  private void makeRoom(long now) {
    if (entries.size() < MAX_ENTRIES) {
      return;
    }
    entries.values().removeIf(entry -> now - entry.readNanos() >= maxAgeNanos);
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
  }

  private static String key(String dialect, String lookup) {
    return dialect + ' ' + lookup;
  }
}
