package dev.opsmind.server.cluster;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals every inter-node message with AES-256-GCM under a key derived from the shared cluster
 * secret: a member without the secret can neither read a message (a forwarded request carries the
 * caller's API key) nor forge one (the tag fails). The event-bus address is authenticated with it
 * (a sealed message replayed to another address fails), and so is the send time, checked against
 * {@link #MAX_AGE_MILLIS} to bound replays.
 *
 * <p>Layout: 12-byte random nonce, then the ciphertext of (8-byte send time in ms + payload) with
 * its 16-byte tag.
 */
public final class Sealer {
  /** A sealed message older (or further in the future) than this is refused. */
  static final long MAX_AGE_MILLIS = 60_000;
  private static final int NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final SecretKeySpec key;

  /** The key is HMAC-SHA256(secret, label + cluster name): one cluster's key does not open another's messages. */
  public Sealer(String secret, String clusterName) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] derived = mac.doFinal(("opsmind-cluster-v1\0" + clusterName).getBytes(StandardCharsets.UTF_8));
      this.key = new SecretKeySpec(derived, "AES");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks HmacSHA256", e);
    }
  }

  /** Thrown for a message that was not sealed by a member with the secret (or is too old). */
  public static final class Refused extends Exception {
    Refused(String why) {
      super(why);
    }
  }

  public Buffer seal(String address, byte[] payload) {
    try {
      byte[] nonce = new byte[NONCE];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      cipher.updateAAD(address.getBytes(StandardCharsets.UTF_8));
      byte[] plain = new byte[8 + payload.length];
      long now = System.currentTimeMillis();
      for (int i = 0; i < 8; i++) {
        plain[i] = (byte) (now >>> (56 - 8 * i));
      }
      System.arraycopy(payload, 0, plain, 8, payload.length);
      byte[] sealed = cipher.doFinal(plain);
      return Buffer.buffer(NONCE + sealed.length).appendBytes(nonce).appendBytes(sealed);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing a cluster message failed", e);
    }
  }

  public byte[] open(String address, Buffer sealed) throws Refused {
    return open(address, sealed, true);
  }

  /**
   * Opens a value kept in a shared store (sealed with {@link #seal} under its key as
   * {@code address}): its age is not checked, as a stored value is meant to be read later.
   */
  public byte[] openStored(String address, Buffer sealed) throws Refused {
    return open(address, sealed, false);
  }

  private byte[] open(String address, Buffer sealed, boolean checkAge) throws Refused {
    if (sealed == null || sealed.length() < NONCE + 16 + 8) {
      throw new Refused("too short to be a sealed message");
    }
    byte[] plain;
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed.getBytes(0, NONCE)));
      cipher.updateAAD(address.getBytes(StandardCharsets.UTF_8));
      plain = cipher.doFinal(sealed.getBytes(NONCE, sealed.length()));
    } catch (javax.crypto.AEADBadTagException e) {
      throw new Refused("not sealed with this cluster's secret");
    } catch (GeneralSecurityException e) {
      throw new Refused("cannot be opened: " + e.getMessage());
    }
    long sent = 0;
    for (int i = 0; i < 8; i++) {
      sent = (sent << 8) | (plain[i] & 0xff);
    }
    if (checkAge && Math.abs(System.currentTimeMillis() - sent) > MAX_AGE_MILLIS) {
      throw new Refused("sent " + (System.currentTimeMillis() - sent) + " ms ago: a replay or a clock far off");
    }
    byte[] payload = new byte[plain.length - 8];
    System.arraycopy(plain, 8, payload, 0, payload.length);
    return payload;
  }
}
