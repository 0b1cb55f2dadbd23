package oauth2spec.sas;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsent;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;

/**
 * Spring Authorization Server with Spring Boot's defaults: the clients and the user are in
 * application.properties, the security filter chains, login page and consent page are Boot's and
 * Spring Security's own.
 *
 * <p>One bean differs from the defaults: consent is asked every time instead of being remembered
 * per user and client (Boot's default is an in-memory store). With a remembered consent, whether a
 * scenario sees the consent page would depend on which scenario happened to approve first, so the
 * deny scenarios would be skipped at random. Nothing else reads the consent store: codes, tokens,
 * refresh, revocation and introspection work from the stored authorizations as usual.
 */
@SpringBootApplication
public class Application {
    public static void main(String[] args) {
        SpringApplication.run(Application.class, args);
    }

    @Bean
    OAuth2AuthorizationConsentService askEveryTime() {
        return new OAuth2AuthorizationConsentService() {
            @Override
            public void save(OAuth2AuthorizationConsent authorizationConsent) {}

            @Override
            public void remove(OAuth2AuthorizationConsent authorizationConsent) {}

            @Override
            public OAuth2AuthorizationConsent findById(String registeredClientId, String principalName) {
                return null;
            }
        };
    }
}
