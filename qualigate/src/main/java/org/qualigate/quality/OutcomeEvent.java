package org.qualigate.quality;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A quality outcome as subscribers are told of it: its type (reverse-DNS, versioned: {@code
 * org.qualigate.quality.batch.blocked.v1}), its subject ({@code batch/M/B}, {@code recall/R}, {@code capa/C} — events
 * of one subject reach the subscriber in the order they happened), its data, and the URI of the JSON Schema the data
 * follows ({@code outbound-events/<type>.schema.json}, whose {@code $id} it is). A pure value; the outbox gives it an
 * id and a time.
 */
record OutcomeEvent(String type, String subject, Map<String, @Nullable Object> data) {

    static final String TYPE_PREFIX = "org.qualigate.quality.";
    static final String SCHEMA_PREFIX = "https://qualigate.org/schemas/outbound-events/";

    /** The kinds of outcome sent, each with its type's name below {@link #TYPE_PREFIX}. */
    enum Kind {
        BATCH_BLOCKED("batch.blocked.v1"),
        BATCH_RELEASED("batch.released.v1"),
        RECALL_STEP_DONE("recall.step.done.v1"),
        RECALL_COMPLETED("recall.completed.v1"),
        RECALL_CANCELLED("recall.cancelled.v1"),
        CAPA_ESCALATED("capa.escalated.v1");

        private final String name;

        Kind(String name) {
            this.name = name;
        }

        String type() {
            return TYPE_PREFIX + name;
        }
    }

    OutcomeEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(subject, "subject");
        data = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(data));
    }

    /** The schema of the data: the {@code $id} of its file, {@code …/outbound-events/<type>.schema.json}. */
    String dataschema() {
        return SCHEMA_PREFIX + type + ".schema.json";
    }

    /** The resource holding that schema. */
    static String schemaResource(Kind kind) {
        return "outbound-events/" + kind.type() + ".schema.json";
    }

    /**
     * The ERP moved the batch's stock: blocked (movement 344) or back to unrestricted use (343), by the material
     * document named; {@code recovered} when the document was found after its answer was lost.
     */
    static OutcomeEvent batchMoved(
            Lot lot,
            boolean block,
            String erp,
            String document,
            String year,
            String moved,
            String explanation,
            boolean recovered) {
        Map<String, @Nullable Object> data = lot(lot);
        data.put("erp", erp);
        data.put("materialDocument", document);
        data.put("materialDocumentYear", year);
        data.put("movementType", block ? "344" : "343");
        data.put("moved", moved);
        data.put("explanation", explanation);
        data.put("foundAfterLostAnswer", recovered);
        return new OutcomeEvent(
                (block ? Kind.BATCH_BLOCKED : Kind.BATCH_RELEASED).type(),
                "batch/" + lot.material() + "/" + lot.batch(),
                data);
    }

    /** A step of a recall's saga is done ({@code plan}, {@code withdraw}), with what it did. */
    static OutcomeEvent recallStepDone(RecallRecord recall, String step, String explanation, List<String> batches) {
        Map<String, @Nullable Object> data = recall(recall);
        data.put("step", step);
        data.put("batches", List.copyOf(batches));
        data.put("explanation", explanation);
        return new OutcomeEvent(Kind.RECALL_STEP_DONE.type(), "recall/" + recall.name(), data);
    }

    /** The recall's last step is done: reported to the regulatory store, its batches planned to be held. */
    static OutcomeEvent recallCompleted(
            RecallRecord recall, String reportId, List<String> batches, String explanation) {
        Map<String, @Nullable Object> data = recall(recall);
        data.put("reportId", reportId);
        data.put("batches", List.copyOf(batches));
        data.put("explanation", explanation);
        return new OutcomeEvent(Kind.RECALL_COMPLETED.type(), "recall/" + recall.name(), data);
    }

    /** The recall was cancelled in the QMS: each planned batch with what the rules now want of it. */
    static OutcomeEvent recallCancelled(RecallRecord recall, Map<String, String> desiredByBatch) {
        Map<String, @Nullable Object> data = recall(recall);
        data.put(
                "batches",
                desiredByBatch.entrySet().stream()
                        .map(e -> Map.of("batch", e.getKey(), "desired", e.getValue()))
                        .toList());
        return new OutcomeEvent(Kind.RECALL_CANCELLED.type(), "recall/" + recall.name(), data);
    }

    /** The CAPA was escalated (level 1: the owner's manager, 2: QA leadership), with the task that carries it. */
    static OutcomeEvent capaEscalated(CapaRecord capa, int level, String task, String explanation) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("capa", capa.name());
        data.put("recordId", capa.recordId());
        data.put("site", capa.site());
        data.put("dueDate", capa.dueDate() == null ? null : capa.dueDate().toString());
        data.put("status", capa.status());
        data.put("ownerEmployeeId", capa.ownerEmployeeId());
        data.put("escalationLevel", level);
        data.put("task", task);
        data.put("explanation", explanation);
        return new OutcomeEvent(Kind.CAPA_ESCALATED.type(), "capa/" + capa.name(), data);
    }

    private static Map<String, @Nullable Object> lot(Lot lot) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("material", lot.material());
        data.put("batch", lot.batch());
        data.put("plant", lot.plant());
        return data;
    }

    private static Map<String, @Nullable Object> recall(RecallRecord recall) {
        Map<String, @Nullable Object> data = new LinkedHashMap<>();
        data.put("recall", recall.name());
        data.put("recordId", recall.recordId());
        data.put("material", recall.material());
        data.put("plant", recall.plant());
        data.put("firstBatch", recall.firstBatch());
        data.put("lastBatch", recall.lastBatch());
        data.put("status", recall.status());
        return data;
    }
}
