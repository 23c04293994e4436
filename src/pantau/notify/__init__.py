"""Alerts: rules per workspace, channels (e-mail, Telegram, webhook), deduplicated and
throttled delivery with quiet hours, digests and retries. See ``docs/alerts.md``."""

from pantau.notify.evaluate import AlertSummary, deliver_due, evaluate_alerts, tick_due

__all__ = ["AlertSummary", "deliver_due", "evaluate_alerts", "tick_due"]
