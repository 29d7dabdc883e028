package org.qualigate.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerifyProfileTest {

    @Test
    void aSampleBelongsToThePartNamedNearestTheTopOfItsStack() {
        assertThat(VerifyProfile.partOf(List.of(
                        "sun.security.provider.SHA2.implCompress0",
                        "java.security.MessageDigest.digest",
                        "org.qualigate.audit.AuditHash.hashes",
                        "org.qualigate.audit.SealedEntry.problem",
                        "org.qualigate.audit.ChainCheck.check")))
                .isEqualTo("SHA-256");
        assertThat(VerifyProfile.partOf(List.of(
                        "java.lang.String.<init>",
                        "org.qualigate.audit.EntryContent$Stored.content",
                        "org.qualigate.audit.SealedEntry.problem")))
                .isEqualTo("hashed bytes: columns decoded and encoded again");
        assertThat(VerifyProfile.partOf(List.of(
                        "java.util.Arrays.copyOfRange",
                        "org.qualigate.audit.ChainRows$Fields.column",
                        "org.qualigate.audit.ChainRows.entry",
                        "org.qualigate.audit.ChainCheck.check")))
                .isEqualTo("reading rows: the columns taken apart, the chunks filled");
        assertThat(VerifyProfile.partOf(List.of(
                        "sun.nio.ch.SocketDispatcher.read0",
                        "org.postgresql.core.PGStream.receive",
                        "org.qualigate.audit.ChainCheck$Reader.read")))
                .isEqualTo("reading rows: the JDBC driver (protocol, decoding, socket)");
        assertThat(VerifyProfile.partOf(List.of("org.apache.tomcat.util.net.NioEndpoint.run")))
                .isEqualTo("other (HTTP request, Spring, JDK only)");
    }
}
