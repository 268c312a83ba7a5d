package dev.memorysdk;

import dev.memorysdk.testsupport.CitusDeployment;
import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;

/**
 * The memory contract on a real Citus cluster (a coordinator and two workers, {@code session_memory}
 * distributed by {@code session_id}), the SDK connected to the coordinator, every option at its default.
 */
class OnCitusTest extends MemoryContract {

    @Override
    Deployment deploy(ContractOptions options) {
        return CitusDeployment.create();
    }
}
