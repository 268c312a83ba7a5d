package dev.memorysdk;

import dev.memorysdk.testsupport.ContractOptions;
import dev.memorysdk.testsupport.Deployment;
import dev.memorysdk.testsupport.PgBouncerDeployment;

/**
 * The memory contract through a real PgBouncer in transaction pooling mode, with every option
 * that changes a code path on: encryption, a tenant, the near cache, RELAXED durability.
 */
class BehindPgBouncerWithEveryOptionTest extends MemoryContract {

    @Override
    Deployment deploy(ContractOptions options) {
        return PgBouncerDeployment.create(options.roles());
    }

    @Override
    ContractOptions options() {
        return ContractOptions.ALL;
    }
}
