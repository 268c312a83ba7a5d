package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The SDK as a named module, read from its compiled classes as the module path reads it: only the
 * API packages are exported, so other modules compile against nothing else.
 */
class ModuleDescriptorTest {

    private final ModuleDescriptor sdk = ModuleFinder.of(classesOf(MemoryManager.class))
            .find("dev.memorysdk")
            .orElseThrow(() -> new AssertionError("no module dev.memorysdk in the SDK's classes"))
            .descriptor();

    @Test
    void onlyTheApiPackagesAreExported() {
        assertThat(sdk.isAutomatic()).as("declared by module-info, not derived from a manifest").isFalse();
        assertThat(sdk.exports()).allSatisfy(exported -> assertThat(exported.isQualified()).isFalse());
        assertThat(sdk.exports().stream().map(ModuleDescriptor.Exports::source))
                .containsExactlyInAnyOrder("dev.memorysdk", "dev.memorysdk.crypto", "dev.memorysdk.postgres");
    }

    @Test
    void theImplementationIsOpenOnlyToMyBatisAndTheMigrationsToEveryone() {
        Set<String> internal = sdk.packages().stream().filter(name -> name.startsWith("dev.memorysdk.internal"))
                .collect(Collectors.toSet());
        assertThat(internal).contains("dev.memorysdk.internal.store", "dev.memorysdk.internal.json");
        assertThat(sdk.opens()).allSatisfy(opened -> {
            if (opened.source().startsWith("dev.memorysdk.internal")) {
                assertThat(opened.targets()).containsExactly("org.mybatis");
            } else {
                assertThat(opened.source()).startsWith("dev.memorysdk.sql");
                assertThat(opened.isQualified()).isFalse();
            }
        });
    }

    @Test
    void micrometerIsOptional() {
        assertThat(sdk.requires()).filteredOn(required -> required.name().equals("micrometer.core"))
                .singleElement().satisfies(required -> assertThat(required.modifiers())
                        .contains(ModuleDescriptor.Requires.Modifier.STATIC));
    }

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
