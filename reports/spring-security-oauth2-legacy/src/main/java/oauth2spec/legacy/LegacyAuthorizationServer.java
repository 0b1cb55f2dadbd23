package oauth2spec.legacy;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityConfigurerAdapter;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.config.annotation.configurers.ClientDetailsServiceConfigurer;
import org.springframework.security.oauth2.config.annotation.web.configuration.AuthorizationServerConfigurerAdapter;
import org.springframework.security.oauth2.config.annotation.web.configuration.EnableAuthorizationServer;
import org.springframework.security.oauth2.config.annotation.web.configurers.AuthorizationServerEndpointsConfigurer;
import org.springframework.security.oauth2.config.annotation.web.configurers.AuthorizationServerSecurityConfigurer;
import org.springframework.security.oauth2.provider.approval.ApprovalStore;
import org.springframework.security.oauth2.provider.approval.ApprovalStoreUserApprovalHandler;
import org.springframework.security.oauth2.provider.approval.InMemoryApprovalStore;
import org.springframework.security.oauth2.provider.request.DefaultOAuth2RequestFactory;
import org.springframework.security.oauth2.provider.ClientDetailsService;
import org.springframework.security.oauth2.provider.token.TokenStore;
import org.springframework.security.oauth2.provider.token.store.InMemoryTokenStore;

/**
 * The legacy Spring Security OAuth 2.x authorization server (spring-security-oauth2 2.5.2.RELEASE,
 * end of life) as most deployments set it up: {@code @EnableAuthorizationServer} with in-memory
 * clients and tokens, Spring Security's form login for the resource owner, and the library's own
 * approval page ({@code /oauth/confirm_access}, a radio button per scope). Configuration only.
 */
@SpringBootApplication
public class LegacyAuthorizationServer {

    public static void main(String[] args) {
        SpringApplication.run(LegacyAuthorizationServer.class, args);
    }

    static final String[] REDIRECT_URIS = {"http://127.0.0.1:9999/cb", "http://127.0.0.1:9999/cb2", "https://client.example/cb"};

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    /** The one resource owner, for the login page and for the refresh grant's user check. */
    @Bean
    UserDetailsService users() {
        return new InMemoryUserDetailsManager(User.withUsername("alice")
            .password("{noop}" + env("LEGACY_USER_PASSWORD", "alice-pass-123"))
            .roles("USER")
            .build());
    }

    @Configuration
    @EnableAuthorizationServer
    static class AuthorizationServer extends AuthorizationServerConfigurerAdapter {

        private final TokenStore tokenStore = new InMemoryTokenStore();
        private final ApprovalStore approvalStore = new InMemoryApprovalStore();
        private final ClientDetailsService clientDetailsService;
        private final UserDetailsService users;

        AuthorizationServer(ClientDetailsService clientDetailsService, UserDetailsService users) {
            this.clientDetailsService = clientDetailsService;
            this.users = users;
        }

        @Override
        public void configure(ClientDetailsServiceConfigurer clients) throws Exception {
            clients.inMemory()
                .withClient("conf-client")
                    .secret("{noop}" + env("LEGACY_CONF_CLIENT_SECRET", "conf-client-secret"))
                    .authorizedGrantTypes("authorization_code", "refresh_token")
                    .redirectUris(REDIRECT_URIS)
                    .scopes("read", "write")
                    .autoApprove(false)
                    .and()
                .withClient("conf-client-2")
                    .secret("{noop}" + env("LEGACY_CONF_CLIENT_2_SECRET", "conf-client-2-secret"))
                    .authorizedGrantTypes("authorization_code", "refresh_token")
                    .redirectUris(REDIRECT_URIS[0])
                    .scopes("read", "write")
                    .autoApprove(false)
                    .and()
                // The library has no notion of a public client (nor PKCE): a client without a
                // secret is one whose secret is empty, so client_id alone authenticates it.
                .withClient("public-client")
                    .secret("{noop}")
                    .authorizedGrantTypes("authorization_code", "refresh_token")
                    .redirectUris(REDIRECT_URIS[0])
                    .scopes("read", "write")
                    .autoApprove(false)
                    .and()
                .withClient("cc-client")
                    .secret("{noop}" + env("LEGACY_CC_CLIENT_SECRET", "cc-client-secret"))
                    .authorizedGrantTypes("client_credentials")
                    .scopes("read", "write");
        }

        @Override
        public void configure(AuthorizationServerSecurityConfigurer security) {
            // client_secret_post as well as HTTP Basic; /oauth/check_token for authenticated
            // clients (it is off, "denyAll()", by default).
            security.allowFormAuthenticationForClients().checkTokenAccess("isAuthenticated()");
        }

        @Override
        public void configure(AuthorizationServerEndpointsConfigurer endpoints) {
            // The approval handler the library picks by default (ApprovalStoreUserApprovalHandler,
            // whose /oauth/confirm_access page has an approve/deny radio pair per scope), over an
            // in-memory approval store whose approvals lapse at once: the resource owner is asked
            // on every authorization request, as in the other kits (by default an approval is
            // remembered for a month and later requests skip the page).
            ApprovalStoreUserApprovalHandler handler = new ApprovalStoreUserApprovalHandler();
            handler.setApprovalStore(approvalStore);
            handler.setClientDetailsService(clientDetailsService);
            handler.setRequestFactory(new DefaultOAuth2RequestFactory(clientDetailsService));
            handler.setApprovalExpiryInSeconds(0);
            endpoints.tokenStore(tokenStore).approvalStore(approvalStore).userApprovalHandler(handler)
                // The refresh grant loads the resource owner again (without it: HTTP 500,
                // "UserDetailsService is required").
                .userDetailsService(users);
        }
    }

    /** The resource owner's side: Spring Security's default login page, then the approval page. */
    @Configuration
    @Order(10)
    static class ResourceOwnerSecurity extends WebSecurityConfigurerAdapter {

        @Override
        protected void configure(HttpSecurity http) throws Exception {
            // /error open, as Spring Boot advises: the library's token endpoint answers a failed
            // HTTP Basic login with sendError(401), and an /error behind the login page would
            // turn that into a redirect to it.
            http.authorizeRequests().antMatchers("/error").permitAll()
                .anyRequest().authenticated()
                .and().formLogin();
        }
    }
}
