package org.qualigate.identity;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.qualigate.notify.Readers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The outbox's readers as their accounts say: language and time zone by e-mail address, addresses by role. */
@Component
class AccountReaders implements Readers {

    private final JdbcClient jdbc;

    AccountReaders(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Map<String, Preference> of(Collection<String> lowerCaseAddresses) {
        Map<String, Preference> out = new HashMap<>();
        if (lowerCaseAddresses.isEmpty()) {
            return out;
        }
        // two accounts with one address: the first by user name decides, as it always has
        jdbc.sql("SELECT lower(email) AS address, language, time_zone FROM app_user WHERE lower(email) = ANY(?) "
                        + "ORDER BY username")
                .param(lowerCaseAddresses.toArray(String[]::new))
                .query(rs -> {
                    out.putIfAbsent(
                            rs.getString("address"),
                            new Preference(rs.getString("language"), rs.getString("time_zone")));
                });
        return out;
    }

    @Override
    public java.util.List<String> addressesOf(Collection<String> roles) {
        if (roles.isEmpty()) {
            return java.util.List.of();
        }
        return jdbc.sql(
                        "SELECT DISTINCT lower(email) FROM app_user WHERE enabled AND email IS NOT NULL AND email <> '' "
                                + "AND roles && CAST(? AS text[]) ORDER BY 1")
                .param(roles.toArray(String[]::new))
                .query(String.class)
                .list();
    }
}
