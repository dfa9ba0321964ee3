"""The store's once-only rules, on a real SQLite file (and two Store objects, like two workers)."""

import datetime as dt
import threading

from bot.store import ANSWERED, OPEN, PENDING, RELAYING, Store, utcnow


def add(store, origin="Ev1", **kw):
    values = dict(origin=origin, user_id="U1", question="Mag ik dit posten?", language="nl", source="dm",
                  candidates=[{"section": "photos", "score": 0.4}], contact="hr")
    values.update(kw)
    return store.add_escalation(**values)


def test_first_time_is_true_once(store):
    assert store.first_time("Ev1", "event") is True
    assert store.first_time("Ev1", "event") is False
    assert store.first_time("Ev2", "event") is True


def test_first_time_is_shared_between_stores_on_one_database(url):
    a, b = Store.open(url), Store.open(url)
    assert a.first_time("Ev1", "event")
    assert not b.first_time("Ev1", "event")


def test_first_time_under_concurrency_admits_exactly_one(url):
    stores = [Store.open(url) for _ in range(8)]
    results = []
    barrier = threading.Barrier(len(stores))

    def worker(s):
        barrier.wait()
        results.append(s.first_time("EvRace", "event"))

    threads = [threading.Thread(target=worker, args=(s,)) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False] * 7 + [True]


def test_add_escalation_is_idempotent_per_origin(store):
    first, created = add(store)
    again, created_again = add(store, question="other")
    assert created and not created_again
    assert again.id == first.id and again.question == "Mag ik dit posten?"
    assert first.state == PENDING and first.candidates == ({"section": "photos", "score": 0.4},)


def test_claim_post_and_mark_posted(store):
    esc, _ = add(store)
    claimed = store.claim(esc.id, PENDING)
    assert claimed and claimed.attempts == 1
    assert store.claim(esc.id, PENDING) is None  # leased
    assert store.due() == []
    store.mark_posted(esc.id, "CHR", "111.222")
    posted = store.find_by_hr_message("CHR", "111.222")
    assert posted.state == OPEN and posted.retry_at is None


def test_failed_post_stays_pending_and_is_due_after_retry_at(store):
    esc, _ = add(store)
    store.claim(esc.id, PENDING)
    later = utcnow() + dt.timedelta(seconds=30)
    store.mark_failed(esc.id, "channel_not_found", retry_at=later)
    kept = store.get(esc.id)
    assert kept.state == PENDING and kept.last_error == "channel_not_found"
    assert store.due() == []
    assert [e.id for e in store.due(now=later)] == [esc.id]
    assert store.claim(esc.id, PENDING, now=later).attempts == 2


def test_claim_reply_wins_once_and_relay_completes(url):
    a, b = Store.open(url), Store.open(url)
    esc, _ = add(a)
    a.claim(esc.id, PENDING)
    a.mark_posted(esc.id, "CHR", "111.222")
    won = a.claim_reply("CHR", "111.222", answered_by="UHR", reply="Ja, dat mag.")
    lost = b.claim_reply("CHR", "111.222", answered_by="UHR2", reply="Nee.")
    assert won.state == RELAYING and won.reply == "Ja, dat mag." and won.answered_by == "UHR"
    assert lost is None
    assert a.claim_reply("CHR", "999.000", answered_by="UHR", reply="x") is None
    a.mark_relayed(esc.id)
    done = b.get(esc.id)
    assert done.state == ANSWERED and done.relayed_at is not None


def test_unrelayed_reply_is_due_again_after_its_lease(store):
    esc, _ = add(store)
    store.claim(esc.id, PENDING)
    store.mark_posted(esc.id, "CHR", "1.2")
    store.claim_reply("CHR", "1.2", answered_by="UHR", reply="ok", lease_seconds=60)
    assert store.due() == []
    assert [e.state for e in store.due(now=utcnow() + dt.timedelta(seconds=61))] == [RELAYING]


def test_forget_events(store):
    store.first_time("old", "event")
    assert store.forget_events(utcnow() + dt.timedelta(seconds=1)) == 1
    assert store.first_time("old", "event")
