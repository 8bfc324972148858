// SPDX-License-Identifier: MIT
// The acquire/release flow, the same on every OS: the process-wide table of held locks, the
// deadline across retries, the grant time, the record. The OS primitives are OsLock.

#include "DeviceLock.h"

#include "CancelToken.h"
#include "OsLock.h"

#include <map>
#include <mutex>

namespace devlatch::lock {

namespace {

// Process-wide: which lock objects this process holds or waits for. Two OFDs of one file
// conflict even inside one process, and a Windows mutex is recursive for its owner thread,
// so without this a second claim would wait for itself or succeed twice.
class ProcessClaims {
public:
    enum class State { Waiting, Held };
    static ProcessClaims &instance()
    {
        static ProcessClaims claims;
        return claims;
    }
    std::optional<State> enter(const std::string &identity)
    {
        std::lock_guard lock(m_mutex);
        auto [it, inserted] = m_claims.emplace(identity, State::Waiting);
        if (!inserted)
            return it->second;
        return std::nullopt;
    }
    void markHeld(const std::string &identity)
    {
        std::lock_guard lock(m_mutex);
        m_claims[identity] = State::Held;
    }
    void leave(const std::string &identity)
    {
        std::lock_guard lock(m_mutex);
        m_claims.erase(identity);
    }

private:
    std::mutex m_mutex;
    std::map<std::string, State> m_claims;
};

AcquireResult alreadyHeld(bool waitingHere)
{
    AcquireResult result;
    result.status = AcquireStatus::AlreadyHeld;
    result.waitingHere = waitingHere;
    return result;
}

AcquireResult failed(LockProblem problem)
{
    AcquireResult result;
    result.status = AcquireStatus::Error;
    result.problem = std::move(problem);
    return result;
}

// What is left of the caller's timeout: a retry never restarts it.
class Deadline {
public:
    explicit Deadline(const WaitPolicy &wait)
        : m_wait(wait), m_end(std::chrono::steady_clock::now() + wait.timeout)
    {
    }
    WaitPolicy remaining() const
    {
        if (m_wait.mode != WaitPolicy::Mode::Timeout)
            return m_wait;
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(m_end - std::chrono::steady_clock::now());
        return WaitPolicy::upTo(std::max(left, std::chrono::milliseconds(0)));
    }

private:
    WaitPolicy m_wait;
    std::chrono::steady_clock::time_point m_end;
};

constexpr int kAttempts = 3; // a lock object replaced under us more often is an attack

} // namespace

class DeviceLock::Private {
public:
    explicit Private(LockLocation where) : location(std::move(where)), os(location) {}

    LockLocation location;
    detail::OsLock os;
    mutable std::mutex mutex; // guards the fields below, never held while waiting
    bool held = false;
    bool acquiring = false;
    std::string identity;
    HolderRecord record;

    AcquireResult attempt(const HolderRecord &holder, const WaitPolicy &wait, CancelToken *cancel, bool &retry);
};

std::string DeviceLock::osName() const
{
    return d->os.objectName();
}

const LockLocation &DeviceLock::location() const
{
    return d->location;
}

DeviceLock::DeviceLock(LockLocation location) : d(std::make_unique<Private>(std::move(location))) {}

DeviceLock::~DeviceLock()
{
    release();
    d->os.close();
}

bool DeviceLock::isHeld() const
{
    std::lock_guard lock(d->mutex);
    return d->held;
}

std::optional<HolderRecord> DeviceLock::publishedRecord() const
{
    std::lock_guard lock(d->mutex);
    return d->held ? std::optional(d->record) : std::nullopt;
}

AcquireResult DeviceLock::Private::attempt(const HolderRecord &holder, const WaitPolicy &wait, CancelToken *cancel,
                                           bool &retry)
{
    retry = false;
    if (LockProblem problem = os.open())
        return failed(problem);
    const std::string id = os.identity();
    if (const auto state = ProcessClaims::instance().enter(id))
        return alreadyHeld(*state == ProcessClaims::State::Waiting);
    if (cancel && cancel->isCancelled() && wait.mode != WaitPolicy::Mode::NoWait) {
        ProcessClaims::instance().leave(id);
        AcquireResult cancelled;
        cancelled.status = AcquireStatus::Cancelled;
        return cancelled;
    }
    const detail::LockOutcome outcome = os.lock(wait, cancel);
    if (outcome.status != AcquireStatus::Acquired) {
        ProcessClaims::instance().leave(id);
        AcquireResult result;
        result.status = outcome.status;
        result.problem = outcome.problem;
        return result;
    }
    // A lock on an object newcomers no longer take protects nothing: someone deleted or
    // replaced the lock file. Start over on the new one.
    if (!os.stillInPlace()) {
        os.unlock();
        os.close();
        ProcessClaims::instance().leave(id);
        retry = true;
        return {};
    }
    AcquireResult result;
    result.status = AcquireStatus::Acquired;
    result.abandoned = os.previousHolder();
    if (result.abandoned && result.abandoned->id.empty())
        result.abandoned->id = holder.id; // a holder that left no record held this device's lock
    HolderRecord published = holder;
    published.since = currentUtcTimestamp(); // the grant, not the start of the wait
    if (LockProblem problem = os.publish(published)) {
        os.unpublish();
        os.unlock();
        ProcessClaims::instance().leave(id);
        return failed(problem);
    }
    std::lock_guard guard(mutex);
    held = true;
    identity = id;
    record = published;
    ProcessClaims::instance().markHeld(id);
    return result;
}

AcquireResult DeviceLock::acquire(const HolderRecord &holder, WaitPolicy wait, CancelToken *cancel)
{
    {
        std::lock_guard guard(d->mutex);
        if (d->held || d->acquiring)
            return alreadyHeld(d->acquiring);
        d->acquiring = true; // the wait below runs without the mutex so isHeld() stays responsive
    }
    struct Done {
        Private *p;
        ~Done()
        {
            std::lock_guard guard(p->mutex);
            p->acquiring = false;
        }
    } done{d.get()};

    const Deadline deadline(wait);
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        bool retry = false;
        AcquireResult result = d->attempt(holder, deadline.remaining(), cancel, retry);
        if (!retry)
            return result;
    }
    LockProblem replaced;
    replaced.kind = LockProblem::Kind::LockFileReplaced;
    replaced.path = d->os.objectName();
    return failed(replaced);
}

LockProblem DeviceLock::updateRecord(const HolderRecord &holder)
{
    std::lock_guard guard(d->mutex);
    if (!d->held) {
        LockProblem notHeld;
        notHeld.kind = LockProblem::Kind::System;
        notHeld.path = d->os.objectName();
        notHeld.operation = "update the record of a lock that is not held";
        return notHeld;
    }
    HolderRecord record = holder;
    record.since = d->record.since;
    if (LockProblem problem = d->os.publish(record))
        return problem;
    d->record = record;
    return {};
}

void DeviceLock::release()
{
    std::lock_guard guard(d->mutex);
    if (!d->held)
        return;
    d->os.unpublish(); // the record goes first, so no reader sees it in a free lock
    d->os.unlock();
    ProcessClaims::instance().leave(d->identity);
    d->held = false;
}

DeviceLock::IntegrityResult DeviceLock::verify()
{
    std::lock_guard guard(d->mutex);
    if (!d->held)
        return {Integrity::NotHeld, {}};
    if (d->os.stillInPlace())
        return {Integrity::Intact, {}};
    const detail::LockOutcome outcome = d->os.restore(d->record);
    if (outcome.status == AcquireStatus::Acquired)
        return {Integrity::Restored, {}};
    return {Integrity::Lost, outcome.problem};
}

int DeviceLock::inheritableDescriptor() const
{
    std::lock_guard guard(d->mutex);
    return d->held ? d->os.inheritableDescriptor() : -1;
}

} // namespace devlatch::lock
