package org.qualigate.change;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.qualigate.audit.CanonicalJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The change sets and their versions as stored: reads and writes only, the workflow's rules are elsewhere. */
@Repository
class ChangeSetStore {

    private final JdbcClient jdbc;

    ChangeSetStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<ChangeSet> list(ChangeSet.@Nullable State state, @Nullable ChangeKind kind) {
        return jdbc.sql(
                        "SELECT * FROM change_set WHERE (?::text IS NULL OR state = ?) AND (?::text IS NULL OR kind = ?)"
                                + " ORDER BY id DESC LIMIT 500")
                .params(
                        state == null ? null : state.name(),
                        state == null ? null : state.name(),
                        kind == null ? null : kind.name(),
                        kind == null ? null : kind.name())
                .query(ChangeSetStore::row)
                .list();
    }

    Optional<ChangeSet> find(long id) {
        return jdbc.sql("SELECT * FROM change_set WHERE id = ?")
                .param(id)
                .query(ChangeSetStore::row)
                .optional();
    }

    /** The change set, locked until the transaction ends, so two steps on it never interleave. */
    Optional<ChangeSet> lock(long id) {
        return jdbc.sql("SELECT * FROM change_set WHERE id = ? FOR UPDATE")
                .param(id)
                .query(ChangeSetStore::row)
                .optional();
    }

    List<ChangeSetVersion> versions(long id) {
        return jdbc.sql("SELECT * FROM change_set_version WHERE change_set_id = ? ORDER BY version")
                .param(id)
                .query(ChangeSetStore::versionRow)
                .list();
    }

    Optional<ChangeSetVersion> version(long id, int version) {
        return jdbc.sql("SELECT * FROM change_set_version WHERE change_set_id = ? AND version = ?")
                .params(id, version)
                .query(ChangeSetStore::versionRow)
                .optional();
    }

    long insert(ChangeKind kind, String title, String author, Instant at) {
        return jdbc.sql("INSERT INTO change_set (kind, title, state, author, latest_version, created_at) "
                        + "VALUES (?, ?, 'DRAFT', ?, 1, ?) RETURNING id")
                .params(kind.name(), title, author, Timestamp.from(at))
                .query(Long.class)
                .single();
    }

    void insertVersion(long id, int version, String content, String actor, Instant at) {
        jdbc.sql(
                        "INSERT INTO change_set_version (change_set_id, version, content, content_sha256, drafted_by, drafted_at) "
                                + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(id, version, content, sha(content), actor, Timestamp.from(at))
                .update();
    }

    /** A new latest version, which makes the change set a draft again. */
    void revised(long id, int latestVersion) {
        jdbc.sql("UPDATE change_set SET latest_version = ?, state = 'DRAFT' WHERE id = ?")
                .params(latestVersion, id)
                .update();
    }

    void moveTo(long id, ChangeSet.State state) {
        jdbc.sql("UPDATE change_set SET state = ? WHERE id = ?")
                .params(state.name(), id)
                .update();
    }

    /** The final state, with who decided, when and why. */
    void decided(long id, ChangeSet.State state, String actor, Instant at, @Nullable String reason) {
        jdbc.sql("UPDATE change_set SET state = ?, decided_by = ?, decided_at = ?, decision_reason = ? WHERE id = ?")
                .params(state.name(), actor, Timestamp.from(at), reason, id)
                .update();
    }

    static String sha(String content) {
        return CanonicalJson.sha256Hex(content);
    }

    private static ChangeSet row(ResultSet rs, int n) throws SQLException {
        Timestamp decided = rs.getTimestamp("decided_at");
        return new ChangeSet(
                rs.getLong("id"),
                ChangeKind.valueOf(rs.getString("kind")),
                rs.getString("title"),
                ChangeSet.State.valueOf(rs.getString("state")),
                rs.getString("author"),
                rs.getInt("latest_version"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("decided_by"),
                decided == null ? null : decided.toInstant(),
                rs.getString("decision_reason"));
    }

    private static ChangeSetVersion versionRow(ResultSet rs, int n) throws SQLException {
        return new ChangeSetVersion(
                rs.getLong("change_set_id"),
                rs.getInt("version"),
                rs.getString("content"),
                rs.getString("content_sha256"),
                rs.getString("drafted_by"),
                rs.getTimestamp("drafted_at").toInstant());
    }
}
