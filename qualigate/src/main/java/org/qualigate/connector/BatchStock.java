package org.qualigate.connector;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import org.jspecify.annotations.Nullable;

/**
 * The ERP's stock of a batch, and the transfer postings that move it between unrestricted use and blocked stock.
 * Calls throw {@link TargetException} when the ERP cannot be reached or fails; a posting the ERP refuses for its
 * content is a {@link Posting.Refused} value.
 */
public interface BatchStock {

    /** The stock types the service acts on; anything else the ERP reports is {@code OTHER}. */
    enum StockKind {
        UNRESTRICTED,
        BLOCKED,
        QUALITY_INSPECTION,
        OTHER
    }

    /** One row of stock: a storage location's quantity of the batch in one stock type. */
    record StockRow(String storageLocation, StockKind kind, BigDecimal quantity, String unit) {

        public StockRow {
            Objects.requireNonNull(storageLocation, "storageLocation");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(unit, "unit");
        }
    }

    /** A transfer posting's direction: unrestricted to blocked, or back. */
    enum Direction {
        BLOCK,
        RELEASE
    }

    /** One line of a posting: a storage location's quantity moved. */
    record Line(String storageLocation, BigDecimal quantity, String unit) {}

    /**
     * A posting to make: which batch, which way, the lines, the posting date, a reference (the NC's name) and the
     * header text the service looks the document up by if the answer is lost.
     */
    record Movement(
            String material,
            String plant,
            String batch,
            Direction direction,
            List<Line> lines,
            LocalDate postingDate,
            String reference,
            String headerText) {

        public Movement {
            lines = List.copyOf(lines);
            if (lines.isEmpty()) {
                throw new IllegalArgumentException("a movement needs at least one line");
            }
        }
    }

    /** What became of a posting. */
    sealed interface Posting {

        /** Posted: the ERP's document number and year. */
        record Posted(
                String document, String year, @Nullable LocalDate postingDate) implements Posting {}

        /** Refused for its content; {@code unknownBatch} when the ERP does not know the batch or material. */
        record Refused(String code, String message, boolean unknownBatch) implements Posting {}
    }

    /** A name for messages and the audit trail. */
    String name();

    /** The batch's stock above zero in the plant, every storage location and stock type; empty when there is none. */
    List<StockRow> stockOf(String material, String plant, String batch);

    /**
     * Every batch of the material the plant holds stock of, each with its rows above zero (every storage location
     * and stock type), in the order of the batch numbers; for a recall, which names a range of batches.
     */
    SortedMap<String, List<StockRow>> stockOfMaterial(String material, String plant);

    /** Posts the movement (all lines or none). */
    Posting post(Movement movement);

    /** The document posted with this header text, if the ERP has one (for a posting whose answer was lost). */
    Optional<Posting.Posted> findByHeaderText(String headerText);
}
