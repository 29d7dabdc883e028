package org.qualigate.quality;

import java.time.LocalDate;
import org.qualigate.sandbox.Sandbox;
import org.qualigate.sandbox.qms.QualityObject;
import org.qualigate.sandbox.qms.QualityRecords;
import org.qualigate.sandbox.qms.QualityRefusal;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A CAPA owner made up for one test in the sandbox QMS, whose manager is known — {@code O<run>} ({@code
 * owner-<run>@plant.example}) reporting to {@code M<run>} ({@code manager-<run>@plant.example}) — and the open CAPAs
 * they own at BSL.
 */
final class CapaOwner {

    private final QualityRecords records;
    private final String run;
    private final String id;

    private CapaOwner(QualityRecords records, String run, String id) {
        this.records = records;
        this.run = run;
        this.id = id;
    }

    /** A new owner and their manager, added to the sandbox QMS's users. */
    static CapaOwner inQms(Sandbox sandbox) {
        String run = Long.toString(System.nanoTime() % 10_000_000L, 36).toUpperCase();
        QualityRecords records = sandbox.quality().records();
        records.addUser("M" + run, "Manager " + run, "manager-" + run + "@plant.example", null);
        var owner = records.addUser("O" + run, "Owner " + run, "owner-" + run + "@plant.example", "M" + run);
        return new CapaOwner(records, run, owner.id());
    }

    /** What sets this test's names apart: the owner is {@code O<run>}, the manager {@code M<run>}. */
    String run() {
        return run;
    }

    /** The owner's user id in the QMS. */
    String id() {
        return id;
    }

    /** A CAPA at BSL in status Opened, owned by this owner and due on {@code due}, as the QMS created it. */
    ObjectNode openCapa(String description, LocalDate due) throws QualityRefusal {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        fields.put(QualityObject.SITE, "BSL");
        fields.put(QualityObject.DESCRIPTION, description);
        fields.put(QualityObject.OWNER, id);
        fields.put(QualityObject.DUE_DATE, due.toString());
        fields.put(QualityObject.STATUS, "Opened");
        return records.create(QualityObject.CAPA, fields);
    }
}
