package org.qualigate.sandbox;

import org.qualigate.sandbox.qms.QualityObject;
import tools.jackson.databind.node.ObjectNode;

/** Quality records as the tests write them: a major NC on a Basel vial batch, a CAPA due on the 1st of December. */
final class QualityRecordFixtures {

    private QualityRecordFixtures() {}

    static ObjectNode aNonconformance(String batch) {
        ObjectNode nc = QualityClient.JSON.createObjectNode();
        nc.put(QualityObject.SITE, "BSL");
        nc.put(QualityObject.MATERIAL, "000000000010004711");
        nc.put(QualityObject.BATCH, batch);
        nc.put(QualityObject.PLANT, "CH10");
        nc.put(QualityObject.SEVERITY, "Major");
        nc.put(QualityObject.DESCRIPTION, "Vial fill weight below specification");
        return nc;
    }

    static ObjectNode aCapa(String nonconformanceId, String ownerId) {
        ObjectNode capa = QualityClient.JSON.createObjectNode();
        capa.put(QualityObject.NC_REF, nonconformanceId);
        capa.put(QualityObject.SITE, "BSL");
        capa.put(QualityObject.DESCRIPTION, "Root cause of low fill weight");
        capa.put(QualityObject.OWNER, ownerId);
        capa.put(QualityObject.DUE_DATE, "2026-12-01");
        return capa;
    }

    /** A change of one field. */
    static ObjectNode change(String field, String value) {
        ObjectNode change = QualityClient.JSON.createObjectNode();
        change.put(field, value);
        return change;
    }
}
