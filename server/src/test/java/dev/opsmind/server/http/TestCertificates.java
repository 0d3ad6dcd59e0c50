package dev.opsmind.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed CA made in the test with the JDK's keytool, and certificates it signs, written as
 * PEM files (the certificate and a PKCS#8 key) the way an operator's would be.
 */
public final class TestCertificates {
  static final char[] PASSWORD = "changeit".toCharArray();
  private final Path dir;
  public final Path caPem;

  private TestCertificates(Path dir, Path caPem) {
    this.dir = dir;
    this.caPem = caPem;
  }

  /** One issued certificate: its PEM files and the key store holding key and chain (for clients). */
  public record Issued(Path certPem, Path keyPem, KeyStore keyStore, X509Certificate certificate) {}

  public static TestCertificates ca(Path dir, String name) throws Exception {
    keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
        "-ext", "bc:c", "-validity", "3", "-keystore", dir.resolve(name + ".p12").toString(),
        "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
    keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", dir.resolve(name + ".p12").toString(),
        "-storepass", new String(PASSWORD), "-file", dir.resolve(name + ".pem").toString());
    return new TestCertificates(dir, dir.resolve(name + ".pem"));
  }

  /** A certificate for {@code dname} signed by this CA ({@code ext}: keytool -ext values, e.g. san=ip:127.0.0.1). */
  public Issued issue(String file, String dname, String... ext) throws Exception {
    String caStore = caPem.toString().replace(".pem", ".p12");
    Path store = dir.resolve(file + ".p12");
    keytool("-genkeypair", "-alias", "me", "-keyalg", "RSA", "-keysize", "2048", "-dname", dname, "-validity", "3",
        "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD));
    keytool("-certreq", "-alias", "me", "-keystore", store.toString(), "-storepass", new String(PASSWORD),
        "-file", dir.resolve(file + ".csr").toString());
    List<String> gencert = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", "ca", "-keystore", caStore,
        "-storepass", new String(PASSWORD), "-infile", dir.resolve(file + ".csr").toString(),
        "-outfile", dir.resolve(file + ".pem").toString(), "-validity", "3"));
    for (String e : ext) {
      gencert.add("-ext");
      gencert.add(e);
    }
    keytool(gencert.toArray(String[]::new));
    KeyStore own = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(store)) {
      own.load(in, PASSWORD);
    }
    PrivateKey key = (PrivateKey) own.getKey("me", PASSWORD);
    Path keyPem = dir.resolve(file + ".key");
    Files.writeString(keyPem, "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
    X509Certificate cert = read(dir.resolve(file + ".pem"));
    KeyStore chain = KeyStore.getInstance("PKCS12");
    chain.load(null, null);
    chain.setKeyEntry("me", key, PASSWORD, new Certificate[] {cert, read(caPem)});
    return new Issued(dir.resolve(file + ".pem"), keyPem, chain, cert);
  }

  static X509Certificate read(Path pem) throws Exception {
    try (InputStream in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  /** A client context trusting this CA, presenting {@code client} when given. */
  public SSLContext clientContext(Issued client) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("ca", read(caPem));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    if (client != null) {
      kmf.init(client.keyStore(), PASSWORD);
    }
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(client == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return context;
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
