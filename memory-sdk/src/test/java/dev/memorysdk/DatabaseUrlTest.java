package dev.memorysdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseUrlTest {

    @Test
    void takesJdbcUrlsAsTheyAre() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "jdbc:postgresql://db.local:5433/memory?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/memory?sslmode=require");
        assertThat(url.username()).isNull();
        assertThat(url.password()).isNull();
    }

    @Test
    void turnsLibpqUrlsIntoJdbcUrlAndCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://app:s3cret@db.local:5433/memory?sslmode=require");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://db.local:5433/memory?sslmode=require");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isEqualTo("s3cret");
    }

    @Test
    void acceptsThePostgresSchemeNoPortAndNoPassword() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgres://app@localhost/memory");
        assertThat(url.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost/memory");
        assertThat(url.username()).isEqualTo("app");
        assertThat(url.password()).isNull();
    }

    @Test
    void decodesPercentEncodedCredentials() {
        DatabaseUrl url = DatabaseUrl.parse("DATABASE_URL", "postgresql://us%40er:p%3Ass+w%2Fd@h:1/db");
        assertThat(url.username()).isEqualTo("us@er");
        assertThat(url.password()).isEqualTo("p:ss+w/d");
    }

    @Test
    void rejectsOtherSchemesWithoutEchoingThePassword() {
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "mysql://root:hunter2@h/db"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DATABASE_URL must start with postgresql://")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void rejectsAMissingUrlOrHost() {
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", null)).hasMessageContaining("DATABASE_URL must be set");
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "  ")).hasMessageContaining("DATABASE_URL must be set");
        assertThatThrownBy(() -> DatabaseUrl.parse("DATABASE_URL", "postgresql:///db")).hasMessageContaining("no host");
    }

    @Test
    void redactsCredentialsAndQueryParameters() {
        assertThat(DatabaseUrl.redact("postgresql://app:s3cret@h:5432/db?password=x"))
                .isEqualTo("postgresql://***@h:5432/db?...");
    }
}
