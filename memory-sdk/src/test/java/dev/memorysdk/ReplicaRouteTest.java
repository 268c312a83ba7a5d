package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;
import dev.memorysdk.testsupport.ReplicaDeployment;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The memory contract with reads routed to a real streaming standby ({@code readJdbcUrl}), every
 * option at its default; and that the standby does serve the run's reads. The replica's lag and
 * outages are {@link ReadReplicaTest}'s subject.
 */
class ReplicaRouteTest extends MemoryContract {

    @Override
    Deployment deploy(ContractOptions options) {
        return ReplicaDeployment.create();
    }

    @Nested
    class Routing {

        @Test
        void aReadOfWhatTheStandbyHasReplayedIsServedByIt() {
            Interaction turn = Interaction.of("routed", "a");
            memory.addToMemory("routed", turn);
            deployment.awaitReplicated();
            long servedBefore = served();

            assertThat(memory.getContext("routed")).containsExactly(turn);
            assertThat(served()).as("reads the replica served").isEqualTo(servedBefore + 1);
        }

        private long served() {
            return (Long) memory.healthCheck().details().get("readReplica.served");
        }
    }
}
