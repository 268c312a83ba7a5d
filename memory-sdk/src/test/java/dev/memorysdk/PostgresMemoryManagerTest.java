package dev.memorysdk;

import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;
import dev.memorysdk.testsupport.PlainDeployment;

/** The memory contract on one PostgreSQL server, reached directly, every option at its default. */
class PostgresMemoryManagerTest extends MemoryContract {

    @Override
    Deployment deploy(ContractOptions options) {
        return PlainDeployment.create();
    }
}
