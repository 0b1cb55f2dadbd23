"""Creates (or resets) the report's test user and DOT Application rows. Idempotent."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import get_application_model

Application = get_application_model()

USER = {"username": "alice", "password": "alice-pass-123", "email": "alice@example.test"}

# DOT stores ONE authorization_grant_type per Application. "authorization-code"
# implies refresh_token too; client_credentials needs its own Application.
APPS = [
    dict(client_id="conf-client", client_secret="conf-client-secret", name="Confidential client 1",
         client_type=Application.CLIENT_CONFIDENTIAL,
         authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
         redirect_uris="http://127.0.0.1:9999/cb http://127.0.0.1:9999/cb2 https://client.example/cb"),
    dict(client_id="conf-client-2", client_secret="conf-client-2-secret", name="Confidential client 2",
         client_type=Application.CLIENT_CONFIDENTIAL,
         authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
         redirect_uris="http://127.0.0.1:9999/cb"),
    # Public client: like DOT's admin/registration form we let it get a random
    # (unused, never disclosed) secret. An EMPTY secret would let anybody
    # "authenticate" as this client with client_secret="" on endpoints that
    # accept client credentials (e.g. introspection).
    dict(client_id="public-client", client_secret=None, name="Public client (PKCE)",
         client_type=Application.CLIENT_PUBLIC,
         authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
         redirect_uris="http://127.0.0.1:9999/cb"),
    dict(client_id="cc-client", client_secret="cc-client-secret", name="Client-credentials client",
         client_type=Application.CLIENT_CONFIDENTIAL,
         authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
         redirect_uris=""),
]


class Command(BaseCommand):
    help = "Create/reset the test user and the OAuth clients used by the report"

    def handle(self, *args, **options):
        User = get_user_model()
        user, _ = User.objects.get_or_create(username=USER["username"], defaults={"email": USER["email"]})
        user.set_password(USER["password"])
        user.is_active = True
        user.save()
        for spec in APPS:
            spec = dict(spec)
            client_id = spec.pop("client_id")
            app = Application.objects.filter(client_id=client_id).first() or Application(client_id=client_id)
            if spec["client_secret"] is None:
                spec["client_secret"] = generate_client_secret()
            for k, v in spec.items():
                setattr(app, k, v)
            app.user = user
            app.skip_authorization = False
            app.algorithm = Application.NO_ALGORITHM
            app.hash_client_secret = True
            app.full_clean(exclude=["user"])
            app.save()  # ClientSecretField hashes the plaintext secret on save
            self.stdout.write(f"application {client_id}: {app.client_type} {app.authorization_grant_type}")
        self.stdout.write(f"user {USER['username']} ready")
