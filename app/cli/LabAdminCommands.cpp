// SPDX-License-Identifier: MIT
// devlatchctl lab status | steal | maintenance | audit.
#include "LabCommands.h"

#include "CliContext.h"
#include "ExitCode.h"
#include "Output.h"

#include "common/LabConnection.h"
#include "lab/EtcdClient.h"
#include "lab/LabClaims.h"
#include "lab/LabSession.h"
#include "model/DeviceStatus.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>

namespace devlatch::cli {

namespace {

void printJson(const QJsonObject &object)
{
    printOut(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed());
}

// Each endpoint on its own: reachable, version, leader, round trip.
int labStatus(CliContext &context, LabConnection &lab)
{
    QJsonArray members;
    bool anyLeader = false;
    for (int i = 0; i < lab.client().endpoints().size(); ++i) {
        QElapsedTimer timer;
        timer.start();
        bool done = false;
        lab::EtcdReply reply;
        lab.client().callAt(i, QStringLiteral("/v3/maintenance/status"), {}, [&](const lab::EtcdReply &r) {
            reply = r;
            done = true;
        });
        runLoopUntil(done);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        const QString endpoint = lab.client().endpoints().at(i);
        QJsonObject member{{QStringLiteral("endpoint"), endpoint}, {QStringLiteral("ok"), reply.ok}};
        if (reply.ok) {
            const QString id = reply.body.value(QStringLiteral("header")).toObject().value(QStringLiteral("member_id")).toString();
            const QString leader = reply.body.value(QStringLiteral("leader")).toString();
            const bool isLeader = !leader.isEmpty() && leader == id;
            anyLeader = anyLeader || (!leader.isEmpty() && leader != u"0");
            member.insert(QStringLiteral("version"), reply.body.value(QStringLiteral("version")).toString());
            member.insert(QStringLiteral("leader"), isLeader);
            member.insert(QStringLiteral("rtt_ms"), ms);
            if (!context.json())
                printOut(QStringLiteral("%1: healthy, etcd %2, %3, round trip %4 ms")
                             .arg(endpoint, reply.body.value(QStringLiteral("version")).toString(),
                                  isLeader ? QStringLiteral("leader") : QStringLiteral("follower"))
                             .arg(ms, 0, 'f', 1));
        } else {
            member.insert(QStringLiteral("error"), reply.error);
            if (!context.json())
                printOut(QStringLiteral("%1: unreachable: %2").arg(endpoint, reply.error));
        }
        members.append(member);
    }
    const LabSettings &settings = lab.settings();
    const QString user = lab.claims().identity().user;
    if (context.json()) {
        QJsonObject document = jsonDocumentFor(QStringLiteral("lab-status"));
        document[QStringLiteral("members")] = members;
        document[QStringLiteral("prefix")] = settings.prefix;
        document[QStringLiteral("ttl")] = settings.ttlSeconds;
        document[QStringLiteral("user")] = user;
        document[QStringLiteral("host")] = lab.claims().identity().host;
        printJson(document);
    } else {
        printOut(QStringLiteral("session: %1@%2, prefix %3, TTL %4 s (claims of a process that dies are freed within it)")
                     .arg(user, lab.claims().identity().host, settings.prefix)
                     .arg(settings.ttlSeconds));
    }
    if (!anyLeader) {
        printError(QStringLiteral("no member of the lab cluster is reachable with a leader: lab claims cannot be made or read"));
        return SystemError;
    }
    return Done;
}

int labSteal(CliContext &context, LabConnection &lab, const QString &device)
{
    const QString reason = context.parser().value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty()) {
        printError(QStringLiteral("say why: devlatchctl lab steal DEV --reason TEXT (the holder and the audit log see it)"));
        return Usage;
    }
    bool done = false;
    QString error;
    lab::LabStatus before;
    lab.claims().steal(device, reason, [&](const QString &why, const lab::LabStatus &status) {
        error = why;
        before = status;
        done = true;
    });
    runLoopUntil(done);
    if (!error.isEmpty()) {
        // etcd only says "permission denied": say what it means here.
        const bool denied = error.contains(QStringLiteral("permission denied"));
        printError(QStringLiteral("%1: %2%3")
                       .arg(device, error,
                            denied ? QStringLiteral(" (you are not a lab admin: only the admin role may delete others' entries)")
                                   : QString()));
        return before.state == lab::LabStatus::State::Free ? BusyOrTimedOut : SystemError;
    }
    printOut(QStringLiteral("took %1 from %2; the holder is told, and the audit log says so").arg(device, before.owner()->describe()));
    return Done;
}

int labMaintenance(CliContext &context, LabConnection &lab, const QString &device, const QString &onOff)
{
    if (onOff != u"on" && onOff != u"off") {
        printError(QStringLiteral("devlatchctl lab maintenance DEV on|off --reason TEXT"));
        return Usage;
    }
    bool done = false;
    QString error;
    lab.claims().setMaintenance(device, onOff == u"on", context.parser().value(QStringLiteral("reason")), [&](const QString &why) {
        error = why;
        done = true;
    });
    runLoopUntil(done);
    if (!error.isEmpty()) {
        const bool denied = error.contains(QStringLiteral("permission denied"));
        printError(QStringLiteral("%1: %2%3").arg(device, error, denied ? QStringLiteral(" (you are not a lab admin)") : QString()));
        return SystemError;
    }
    printOut(onOff == u"on" ? QStringLiteral("%1 is in maintenance: new claims are refused (the current holder keeps it)").arg(device)
                            : QStringLiteral("%1 is out of maintenance").arg(device));
    return Done;
}

int labAudit(CliContext &context, LabConnection &lab)
{
    bool done = false;
    QString error;
    QList<QJsonObject> records;
    lab.claims().audit([&](const QList<QJsonObject> &read, const QString &why) {
        records = read;
        error = why;
        done = true;
    });
    runLoopUntil(done);
    if (!error.isEmpty()) {
        printError(QStringLiteral("cannot read the lab's audit log: %1").arg(error));
        return SystemError;
    }
    if (context.json()) {
        QJsonObject document = jsonDocumentFor(QStringLiteral("lab-audit"));
        QJsonArray list;
        for (const QJsonObject &record : std::as_const(records))
            list.append(record);
        document[QStringLiteral("records")] = list;
        printJson(document);
        return Done;
    }
    for (const QJsonObject &r : std::as_const(records)) {
        const QJsonObject from = r.value(QStringLiteral("from")).toObject();
        QString line = QStringLiteral("%1 %2@%3 %4 %5: %6")
                           .arg(lab::escapedText(r.value(QStringLiteral("at")).toString()),
                                lab::escapedText(r.value(QStringLiteral("by")).toString()),
                                lab::escapedText(r.value(QStringLiteral("host")).toString()),
                                lab::escapedText(r.value(QStringLiteral("action")).toString()),
                                lab::escapedText(r.value(QStringLiteral("device")).toString()),
                                lab::escapedText(r.value(QStringLiteral("reason")).toString()));
        if (!from.isEmpty())
            line += QStringLiteral(" (from %1@%2, pid %3)")
                        .arg(lab::escapedText(from.value(QStringLiteral("user")).toString()),
                             lab::escapedText(from.value(QStringLiteral("host")).toString()))
                        .arg(qint64(from.value(QStringLiteral("pid")).toDouble()));
        printOut(line);
    }
    if (records.isEmpty())
        printOut(QStringLiteral("the audit log is empty"));
    return Done;
}

} // namespace

int runLab(const QStringList &arguments)
{
    CliContext context(QStringLiteral("lab"),
                       QStringLiteral("The lab scope's cluster (etcd) and its admin actions.\n"
                                      "  lab status                          endpoints, health, leader, round trip, my session\n"
                                      "  lab publish [DEV...]                make this machine's devices lab devices, until SIGTERM\n"
                                      "  lab steal DEV --reason TEXT         admin: take DEV from its holder (audited)\n"
                                      "  lab maintenance DEV on|off --reason TEXT   admin: refuse new claims of DEV\n"
                                      "  lab audit                           admin: what admins did"));
    context.addJsonOption();
    context.parser().addPositionalArgument(QStringLiteral("ACTION"), QStringLiteral("status, publish, steal, maintenance or audit"));
    context.parser().addOption({QStringLiteral("reason"), QStringLiteral("Why (steal, maintenance)."), QStringLiteral("TEXT")});
    if (const auto code = context.parse(arguments))
        return *code;
    const QStringList positional = context.parser().positionalArguments();
    const QString action = positional.value(0);
    const QList<int> counts = {action == u"status" || action == u"audit" ? 1 : action == u"steal" ? 2 : action == u"maintenance" ? 3 : -1};
    if (action != u"publish" && (counts.first() < 0 || positional.size() != counts.first())) {
        printError(QStringLiteral("devlatchctl lab status | publish [DEV...] | steal DEV --reason TEXT | "
                                  "maintenance DEV on|off --reason TEXT | audit"));
        return Usage;
    }
    if (const auto code = context.loadDevices())
        return *code;
    if (action == u"publish")
        return publishToLab(context, positional.mid(1));
    int code = Done;
    auto lab = openLabConnection(context.labSettings(), code);
    if (!lab)
        return code;
    if (action == u"status")
        return labStatus(context, *lab);
    if (action == u"audit")
        return labAudit(context, *lab);
    QString error;
    const QString device = LabConnection::deviceName(positional.at(1), context.catalog(), error);
    if (device.isEmpty()) {
        printError(QStringLiteral("bad device name: %1").arg(error));
        return Usage;
    }
    return action == u"steal" ? labSteal(context, *lab, device) : labMaintenance(context, *lab, device, positional.at(2));
}

} // namespace devlatch::cli
