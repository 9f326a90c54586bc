package io.outpost.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority made at test time (EC P-256, valid for a day), which issues server certificates
 * for localhost and client certificates, all written as PEM files: no key is checked in.
 */
public final class PrivateCa {

    /** A certificate and its private key, as PEM files. */
    public record Issued(Path cert, Path key) {
    }

    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    private final Path dir;
    private final KeyPair keys;
    private final X500Name name;
    /** The CA's certificate: what a route's {@code tls.ca-file} names to trust it. */
    public final Path caFile;

    private PrivateCa(Path dir, String cn) throws GeneralSecurityException, OperatorCreationException, IOException {
        this.dir = Files.createDirectories(dir);
        this.keys = ec();
        this.name = new X500Name("CN=" + cn);
        X509v3CertificateBuilder b = builder(name, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        this.caFile = write(cn + "-ca.pem", certificatePem(sign(b, keys)));
    }

    public static PrivateCa create(Path dir, String cn) {
        try {
            return new PrivateCa(dir, cn);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server certificate for {@code localhost} and 127.0.0.1. */
    public Issued server(String cn) {
        return issue(cn, new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1") }));
    }

    /** A client certificate (for mutual TLS). */
    public Issued client(String cn) {
        return issue(cn, null);
    }

    private Issued issue(String cn, GeneralNames names) {
        try {
            KeyPair leaf = ec();
            X509v3CertificateBuilder b = builder(new X500Name("CN=" + cn), leaf)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            if (names != null) {
                b.addExtension(Extension.subjectAlternativeName, false, names);
            }
            X509Certificate cert = sign(b, keys);
            return new Issued(write(cn + ".pem", certificatePem(cert)),
                    write(cn + "-key.pem", pem("PRIVATE KEY", leaf.getPrivate().getEncoded())));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Issued by this CA: the CA's own certificate is the one whose subject is its name. */
    private X509v3CertificateBuilder builder(X500Name subject, KeyPair subjectKeys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                subjectKeys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuer)
            throws OperatorCreationException, GeneralSecurityException {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuer.getPrivate())));
    }

    private static KeyPair ec() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static String certificatePem(X509Certificate cert) throws GeneralSecurityException {
        return pem("CERTIFICATE", cert.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] { '\n' }).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private Path write(String file, String content) throws IOException {
        return Files.writeString(dir.resolve(file), content);
    }
}
