"""``loa issue_token USERNAME [--name NAME]``: issue an API token and print it once."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from loa.org.models import ApiToken


class Command(BaseCommand):
    help = ("Issue an API token for USERNAME and print it once. Only its hash is stored: keep "
            "the token safe; if it is lost, issue another (and delete the old one in the admin).")

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="", help="What the token is for, e.g. "
                                                      "'Báo HP CMS export' (default: 'api').")

    def handle(self, *args, username, name, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive: their tokens would be refused.")
        name = (name or "api").strip()[:100]
        record, token = ApiToken.issue(user, name)
        self.stderr.write(
            f"Token {record.prefix}… '{record.name}' for {user.get_username()} (shown once; "
            "send it as 'Authorization: Bearer <token>'):")
        self.stdout.write(token)
