package org.qualigate.change;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.qualigate.access.ImpactPreview;
import org.qualigate.access.Plant;
import org.qualigate.policy.RoleName;
import org.qualigate.support.AnswerFixtures;
import org.qualigate.validation.Verifies;
import tools.jackson.databind.json.JsonMapper;

/**
 * A change set's preview of each kind and the effects of each step, written by the service's mapper: the JSON the
 * API answers with, kept here as text. The preview is made by {@link ChangeSets#preview} over a stored change set of
 * each kind, the effects as the steps make them.
 */
class ChangeSetAnswersTest {

    private static final JsonMapper SERVICE = AnswerFixtures.SERVICE;
    private static final Instant AT = AnswerFixtures.AT;
    private static final Instant LATER = AnswerFixtures.LATER;
    private static final String SIGNATURE = AnswerFixtures.ID.toString();

    @Verifies("URS-INT-260")
    @Test
    void aMappingsPreviewNamesTheMappingsAndWhatTheirApprovalDoes() {
        String content = "{\"mappings\":[{\"system\":\"workday\",\"sourceCode\":\"WD-1\",\"code\":\"GMP-1\"}]}";

        assertThat(api(preview(ChangeKind.DICTIONARY, content)))
                .isEqualTo("{\"changeSet\":7,\"version\":2,\"mappings\":[{\"system\":\"workday\",\"sourceCode\":"
                        + "\"WD-1\",\"code\":\"GMP-1\"}],\"effect\":\"records parked for these source codes are"
                        + " applied on approval, and planned again\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aParametersPreviewGivesEveryParameterInForceAndTheProposedValues() {
        String content = "{\"parameters\":{\"delivery.max-attempts\":\"7\",\"training.enabled\":\"false\"}}";

        assertThat(api(preview(ChangeKind.PARAMETERS, content)))
                .as("a parameter without an approved value is left out of current, as the map's null was")
                .isEqualTo("{\"changeSet\":7,\"version\":2,\"current\":{\"monitoring.alert-recipients\":"
                        + "\"qa@example.com\",\"delivery.max-attempts\":\"5\"},\"proposed\":{\"delivery.max-attempts\":"
                        + "\"7\",\"training.enabled\":\"false\"}}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aRulesPreviewCountsTheChangesAndTellsEachAsItsView() {
        assertThat(api(preview(ChangeKind.RULES, demoPlant())))
                .isEqualTo("{\"changeSet\":7,\"version\":2,\"at\":\"2026-12-07T08:00:00Z\",\"currentVersion\":\"3\","
                        + "\"proposedVersion\":\"4\",\"activePeople\":12,\"gains\":1,\"losses\":1,\"endsMoved\":1,"
                        + "\"changes\":[{\"employeeId\":\"E1\",\"site\":\"BSL\",\"role\":\"BSL.OPERATOR\",\"kind\":"
                        + "\"GAIN\",\"when\":\"2026-12-07T08:00:00Z\",\"proposedUntil\":\"2026-12-07T08:00:01.250Z\","
                        + "\"basis\":\"GMP-1 held\"},{\"employeeId\":\"E2\",\"site\":\"BSL\",\"role\":\"BSL.OPERATOR\","
                        + "\"kind\":\"LOSS\",\"when\":\"2026-12-07T08:00:00Z\",\"currentUntil\":"
                        + "\"2026-12-07T08:00:01.250Z\",\"basis\":\"GMP-1 missing\"},{\"employeeId\":\"E3\",\"site\":"
                        + "\"BSL\",\"role\":\"BSL.OPERATOR\",\"kind\":\"END_MOVES\",\"currentUntil\":"
                        + "\"2026-12-07T08:00:00Z\",\"proposedUntil\":\"2026-12-07T08:00:01.250Z\",\"basis\":\"GMP-1"
                        + " renewed\"}]}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aDraftOrARevisionHasNoEffectsAndASignatureNamesItself() {
        assertThat(SERVICE.writeValueAsString(
                        ChangeOutcome.done(changeSet(ChangeKind.RULES), ChangeOutcome.Effects.NONE)
                                .effects()))
                .isEqualTo("{}");
        assertThat(SERVICE.writeValueAsString(
                        ChangeOutcome.done(changeSet(ChangeKind.RULES), ChangeOutcome.Effects.signed(SIGNATURE))
                                .effects()))
                .isEqualTo("{\"signature\":\"00000000-0000-0000-0000-000000000021\"}");
    }

    @Verifies("URS-INT-260")
    @Test
    void anApprovalsEffectsAreItsSignatureThenWhatItsKindPutInForceThenWhatFollowed() {
        // the map was a Map.copyOf, whose order changed from one start of the service to the next; the record's is
        // fixed
        var mappings = ChangeOutcome.Effects.signed(SIGNATURE)
                .and(ChangeOutcome.Effects.mappingsAdded(1))
                .and(ChangeOutcome.Effects.waitingApplied(
                        2, new MappingOutcomes.Outcome(3, 2, List.of(new MappingOutcomes.Gain("E1", "BSL.OPERATOR")))));
        assertThat(effects(ChangeOutcome.done(changeSet(ChangeKind.DICTIONARY), mappings)))
                .isEqualTo("{\"signature\":\"00000000-0000-0000-0000-000000000021\",\"mappingsAdded\":1,"
                        + "\"parkedEventsApplied\":2,\"outcome\":{\"recordsWaiting\":3,\"recordsApplied\":2,\"gained\":"
                        + "[{\"employeeId\":\"E1\",\"role\":\"BSL.OPERATOR\"}]}}");

        var rules = ChangeOutcome.Effects.signed(SIGNATURE).and(ChangeOutcome.Effects.rulesInForce("4", 12));
        assertThat(effects(ChangeOutcome.done(changeSet(ChangeKind.RULES), rules)))
                .isEqualTo("{\"signature\":\"00000000-0000-0000-0000-000000000021\",\"rulesVersion\":\"4\","
                        + "\"personsPlannedAgain\":12}");

        Map<String, String> changed = new LinkedHashMap<>();
        changed.put("delivery.max-attempts", "7");
        changed.put("training.enabled", "false");
        var parameters = ChangeOutcome.Effects.signed(SIGNATURE).and(ChangeOutcome.Effects.parametersInForce(changed));
        assertThat(effects(ChangeOutcome.done(changeSet(ChangeKind.PARAMETERS), parameters)))
                .isEqualTo("{\"signature\":\"00000000-0000-0000-0000-000000000021\",\"parameters\":"
                        + "{\"delivery.max-attempts\":\"7\",\"training.enabled\":\"false\"}}");
    }

    @Verifies("URS-INT-260")
    @Test
    void aDiffLineGivesItsOpThenTheLine() {
        var lines = changeSets(ChangeKind.PARAMETERS, "{\"parameters\":{\"delivery.max-attempts\":\"7\"}}")
                .diff(7, 1, 2)
                .orElseThrow();

        // each line was a Map.of, whose order changed from one start of the service to the next; the record's is fixed
        assertThat(lines).hasSize(5);
        assertThat(SERVICE.writeValueAsString(lines.get(2)))
                .isEqualTo("{\"op\":\" \",\"line\":\"    \\\"delivery.max-attempts\\\" : \\\"7\\\"\"}");
    }

    // ---- the change sets and their kinds, without a database

    private static String effects(ChangeOutcome outcome) {
        return SERVICE.writeValueAsString(outcome.effects());
    }

    /** The preview as the API answers it. */
    private static String api(Optional<ChangeSetPreview> preview) {
        return SERVICE.writeValueAsString(preview.orElseThrow());
    }

    private static Optional<ChangeSetPreview> preview(ChangeKind kind, String content) {
        return changeSets(kind, content).preview(7);
    }

    /** Change set 7 of this kind, its versions 1 and 2 both this content. */
    private static ChangeSets changeSets(ChangeKind kind, String content) {
        ChangeSet stored = changeSet(kind);
        ChangeSetStore store = new ChangeSetStore(null) {
            @Override
            Optional<ChangeSet> find(long id) {
                return Optional.of(stored).filter(c -> c.id() == id);
            }

            @Override
            Optional<ChangeSetVersion> version(long id, int version) {
                return Optional.of(new ChangeSetVersion(id, version, content, "sha", "hr-editor", AT));
            }
        };
        return new ChangeSets(
                store,
                List.of(
                        new RulesChange(null, null, impact(), null, null, null, null),
                        new DictionaryChange(null, null, null),
                        new ParametersChange(parameters(), null)),
                null,
                null,
                null,
                null,
                null,
                null);
    }

    private static ChangeSet changeSet(ChangeKind kind) {
        return new ChangeSet(7, kind, "a change", ChangeSet.State.AUTHORED, "hr-editor", 2, AT, null, null, null);
    }

    /** Two parameters approved, a third never: the preview's current values are every parameter's. */
    private static Parameters parameters() {
        return new Parameters(null) {
            @Override
            public Map<String, Object> all() {
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("monitoring.alert-recipients", "qa@example.com");
                all.put("delivery.max-attempts", "5");
                all.put("training.enabled", null);
                return all;
            }
        };
    }

    /** One gain, one loss and one end moved, each with an instant left out. */
    private static ImpactPreview impact() {
        RoleName role = RoleName.of("BSL.OPERATOR");
        return new ImpactPreview(null, null, null, null, null) {
            @Override
            public Impact preview(Plant proposed) {
                return new Impact(
                        AT,
                        "3",
                        "4",
                        12,
                        List.of(
                                new Change("E1", "BSL", role, Kind.GAIN, AT, null, LATER, "GMP-1 held", null),
                                new Change("E2", "BSL", role, Kind.LOSS, AT, LATER, null, "GMP-1 missing", null),
                                new Change("E3", "BSL", role, Kind.END_MOVES, null, AT, LATER, "GMP-1 renewed", null)));
            }
        };
    }

    private static String demoPlant() {
        try (InputStream in = ChangeSetAnswersTest.class.getResourceAsStream("/plant/demo-plant.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
