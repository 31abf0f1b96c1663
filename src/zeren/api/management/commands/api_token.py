"""``zeren api_token create USERNAME [--name NAME]`` prints a new token once;
``zeren api_token list [USERNAME]``; ``zeren api_token revoke PREFIX``."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from zeren.api.models import ApiToken


class Command(BaseCommand):
    help = "Create, list and revoke API tokens (only a digest is stored; a new token is shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        create = actions.add_parser("create", help="create a token for USERNAME and print it once")
        create.add_argument("username")
        create.add_argument("--name", default="", help="what the token is for")
        listing = actions.add_parser("list", help="list tokens (prefix, user, created, last used, revoked)")
        listing.add_argument("username", nargs="?")
        revoke = actions.add_parser("revoke", help="revoke the token whose prefix is PREFIX")
        revoke.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "create":
            user = get_user_model().objects.filter(username=options["username"]).first()
            if user is None:
                raise CommandError(f"没有用户名为 {options['username']} 的账号")
            if not user.is_active:
                raise CommandError(f"账号 {user.get_username()} 已停用")
            _token, secret = ApiToken.issue(user, options["name"])
            self.stdout.write(secret)
            self.stderr.write("请立即保存此令牌：它只显示这一次，系统只保存其摘要。")
        elif action == "list":
            tokens = ApiToken.objects.select_related("user")
            if options["username"]:
                tokens = tokens.filter(user__username=options["username"])
            for token in tokens:
                state = f"revoked {token.revoked:%Y-%m-%d}" if token.revoked else "active"
                used = f"{token.last_used:%Y-%m-%d %H:%M}" if token.last_used else "never"
                self.stdout.write(
                    f"{token.prefix}  {token.user.get_username()}  {token.name or '-'}  "
                    f"created {token.created:%Y-%m-%d}  last used {used}  {state}"
                )
        else:
            matches = list(ApiToken.objects.filter(prefix=options["prefix"], revoked__isnull=True))
            if not matches:
                raise CommandError(f"没有前缀为 {options['prefix']} 的有效令牌")
            if len(matches) > 1:
                raise CommandError(f"前缀 {options['prefix']} 对应多个令牌，请用 list 查看")
            matches[0].revoked = timezone.now()
            matches[0].save(update_fields=["revoked"])
            self.stdout.write(f"已吊销令牌 {options['prefix']}…")
