package org.qualigate.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compliance report's whole answer from this build and from another build's jar ({@code bench.compareJar}), two
 * instances on the same seeded database, called in turn so that both meet the same machine: each call timed to its
 * last byte, with the CPU the answering service and PostgreSQL spent on it (from {@code /proc}, which other work on a
 * shared machine does not inflate as it does the wall time), and the two answers' SHA-256 compared (the same report
 * must be the same bytes).
 */
final class ReportComparison {

    private static final Logger log = LoggerFactory.getLogger(ReportComparison.class);

    /** One round: the whole answer from this build, then from the other. */
    record Round(int round, Answer thisBuild, Answer other, boolean sameBytes) {}

    private final String authorization;
    private final long postmasterPid;

    /** @param postmasterPid the run's PostgreSQL server: its backends' CPU is counted with each answer */
    ReportComparison(String authorization, long postmasterPid) {
        this.authorization = authorization;
        this.postmasterPid = postmasterPid;
    }

    /** Starts the other build beside {@code thisBuild}, on the same database, and runs the rounds. */
    List<Round> run(
            ServiceProcess thisBuild,
            Path otherJar,
            String heap,
            List<String> jvmOptions,
            List<String> arguments,
            String path,
            int rounds)
            throws Exception {
        Path work = Path.of("bench/target/qms-compare");
        List<Round> out = new ArrayList<>();
        try (ServiceProcess other =
                ServiceProcess.startHealthy(otherJar, heap, jvmOptions, arguments, work.resolve("service.log"))) {
            // one call each before the measured rounds: both instances meet the report's code warm
            fetch(thisBuild, path);
            fetch(other, path);
            for (int i = 1; i <= rounds; i++) {
                Answer a = fetch(thisBuild, path);
                Answer b = fetch(other, path);
                Round r = new Round(i, a, b, a.sha256().equals(b.sha256()));
                log.info(
                        "round {}: this build {} ms ({}), {} {} ms ({}); {} bytes, {}",
                        i,
                        a.took().toMillis(),
                        a.cpu(),
                        otherJar.getFileName(),
                        b.took().toMillis(),
                        b.cpu(),
                        a.bytes(),
                        r.sameBytes() ? "the same bytes" : "DIFFERENT bytes");
                out.add(r);
            }
            other.requireAlive();
        }
        return out;
    }

    static String markdown(Path otherJar, String loadAverage, List<Round> rounds) {
        StringBuilder md = new StringBuilder();
        md.append("\nThe whole answer of the compliance report from this build and from `")
                .append(otherJar)
                .append("`, two instances on the same database called in turn after one call each (load average ")
                .append(loadAverage)
                .append("); CPU in ms of the answering service + of PostgreSQL + of the client (this JVM):\n\n")
                .append("| round | this build | CPU | ")
                .append(otherJar.getFileName())
                .append(" | CPU | bytes | same bytes |\n|---:|---:|---:|---:|---:|---:|---|\n");
        for (Round r : rounds) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %d | %d ms | %s | %d ms | %s | %d | %s |%n",
                    r.round(),
                    r.thisBuild().took().toMillis(),
                    r.thisBuild().cpu(),
                    r.other().took().toMillis(),
                    r.other().cpu(),
                    r.thisBuild().bytes(),
                    r.sameBytes() ? "yes" : "NO"));
        }
        return md.toString();
    }

    /** A GET of a (long) JSON answer, with the benchmark user's credentials and ten minutes to answer. */
    static HttpRequest jsonGet(URI base, String path, String authorization) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(10))
                .header("authorization", authorization)
                .header("accept", "application/json")
                .GET()
                .build();
    }

    /** One whole answer: how long it took, the CPU spent on it, its size and its SHA-256. */
    record Answer(Duration took, AnswerCpu cpu, long bytes, String sha256) {}

    /** GET the whole answer, digesting it as it arrives (not kept). */
    Answer fetch(ServiceProcess service, String path) throws Exception {
        return fetch(service, path, true);
    }

    /**
     * GET the whole answer, counting it as it arrives (not kept), and digesting it if {@code digest}: hashing 136 MB
     * costs the client CPU on the cores the service shares (the timed calls of {@code bench.only=report} do not hash).
     */
    Answer fetch(ServiceProcess service, String path, boolean digest) throws Exception {
        AnswerCpu.Start cpu = AnswerCpu.start(service.pid(), postmasterPid);
        long start = System.nanoTime();
        Read read = read(service.baseUri().resolve(path), authorization, digest);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        return new Answer(took, cpu.stop(), read.bytes(), read.sha256());
    }

    /** What the client read of one answer: its size, and its SHA-256 if it was digested (else empty). */
    record Read(long bytes, String sha256) {}

    /**
     * The client's reading of one whole answer, the one path every measured call and the warm-up ({@link
     * ClientWarmUp}) take: a blocking GET ({@link HttpURLConnection}: socket reads and the chunked decoding on this
     * thread, the same code whatever the pace at which the answer arrives), read in 64 KB pieces and hashed if {@code
     * digest}.
     */
    static Read read(URI uri, String authorization, boolean digest) throws IOException {
        HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
        c.setConnectTimeout(10_000);
        c.setReadTimeout((int) Duration.ofMinutes(10).toMillis());
        c.setRequestProperty("authorization", authorization);
        c.setRequestProperty("accept", "application/json");
        int status = c.getResponseCode();
        if (status / 100 != 2) {
            c.disconnect();
            throw new IllegalStateException("GET " + uri + " answered " + status);
        }
        MessageDigest sha = sha256();
        long bytes = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = c.getInputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (digest) {
                    sha.update(buffer, 0, n);
                }
                bytes += n;
            }
        }
        return new Read(bytes, digest ? HexFormat.of().formatHex(sha.digest()) : "");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
