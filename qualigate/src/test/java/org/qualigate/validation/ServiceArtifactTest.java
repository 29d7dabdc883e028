package org.qualigate.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceArtifactTest {

    private static final Instant STARTED = Instant.parse("2026-11-20T08:00:00Z");
    private static final Clock CLOCK = Clock.fixed(STARTED.plusSeconds(5), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Path jar(String content, Instant modified) throws Exception {
        Path jar = dir.resolve("qualigate.jar");
        Files.writeString(jar, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(jar, FileTime.from(modified));
        return jar;
    }

    @Test
    void readsTheJarsSha256SizeAndTimeOnce() throws Exception {
        Path jar = jar("abc", STARTED.minusSeconds(60));

        ServiceArtifact a = ServiceArtifact.read(jar, CLOCK);

        assertThat(a.sha256()).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(a.size()).isEqualTo(3);
        assertThat(a.modified()).isEqualTo(STARTED.minusSeconds(60));
        assertThat(a.readAt()).isEqualTo(CLOCK.instant());
        assertThat(a.changedOnDisk(STARTED)).isEmpty();
        assertThat(a.facts().runningFrom()).isEqualTo("jar");
        assertThat(a.facts().sha256()).isEqualTo(a.sha256());
    }

    @Verifies("URS-BCP-040")
    @Test
    void aJarRewrittenWithAnotherSizeOrAtAnotherTimeIsChanged() throws Exception {
        Path jar = jar("abc", STARTED.minusSeconds(60));
        ServiceArtifact a = ServiceArtifact.read(jar, CLOCK);

        Files.setLastModifiedTime(jar, FileTime.from(STARTED.plusSeconds(30)));
        assertThat(a.changedOnDisk(STARTED)).get().asString().contains("was modified since start");

        Files.writeString(jar, "abcd");
        assertThat(a.changedOnDisk(STARTED)).get().asString().contains("changed size since start (3 → 4 bytes)");

        Files.delete(jar);
        assertThat(a.changedOnDisk(STARTED)).get().asString().contains("is gone or unreadable");
    }

    @Verifies("URS-BCP-040")
    @Test
    void aJarWrittenAfterTheProcessStartedMayNotBeTheOneLoaded() throws Exception {
        Path jar = jar("abc", STARTED.plusSeconds(2));

        ServiceArtifact a = ServiceArtifact.read(jar, CLOCK);

        assertThat(a.changedOnDisk(STARTED)).get().asString().contains("after this process started");
    }

    @Test
    void aServiceRunFromClassDirectoriesHasNoJarToCompare() {
        ServiceArtifact a = new ServiceArtifact(null, null, 0, null, CLOCK.instant());

        assertThat(a.fromJar()).isFalse();
        assertThat(a.changedOnDisk(STARTED)).isEmpty();
        assertThat(a.facts())
                .isEqualTo(new ServiceArtifact.Facts("class directories (no jar)", null, null, null, null, null, null));
    }
}
