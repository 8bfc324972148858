// SPDX-License-Identifier: MIT
#include "HolderRecord.h"

#include "LockName.h"
#include "Numbers.h"

namespace devlatch::lock {

bool HolderRecord::operator==(const HolderRecord &other) const
{
    return id == other.id && pid == other.pid && startTicks == other.startTicks && bootId == other.bootId
           && pidNamespace == other.pidNamespace && uid == other.uid && user == other.user && host == other.host
           && program == other.program && since == other.since && note == other.note
           && commandPid == other.commandPid && commandStartTicks == other.commandStartTicks;
}

namespace {

constexpr std::string_view kCheckKey = "check=";

std::string escape(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\0': break;
        default: out += c;
        }
    }
    return out;
}

std::string unescape(std::string_view value)
{
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size(); ++i) {
        if (value[i] != '\\' || i + 1 == value.size()) {
            out += value[i];
            continue;
        }
        switch (value[++i]) {
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        default: out += value[i];
        }
    }
    return out;
}

std::string hex16(std::uint64_t value)
{
    static constexpr char kHex[] = "0123456789abcdef";
    std::string text(16, '0');
    for (std::size_t i = 16; i-- > 0; value >>= 4)
        text[i] = kHex[value & 0xF];
    return text;
}

template <typename Number>
void assignNumber(std::string_view text, Number &out)
{
    if (const auto value = parseNumber<Number>(text))
        out = *value;
}

void assign(HolderRecord &record, std::string_view key, const std::string &value)
{
    if (key == "id") record.id = value;
    else if (key == "pid") assignNumber(value, record.pid);
    else if (key == "start") assignNumber(value, record.startTicks);
    else if (key == "boot") record.bootId = value;
    else if (key == "pidns") record.pidNamespace = value;
    else if (key == "uid") assignNumber(value, record.uid);
    else if (key == "user") record.user = value;
    else if (key == "host") record.host = value;
    else if (key == "program") record.program = value;
    else if (key == "since") record.since = value;
    else if (key == "note") record.note = value.substr(0, kMaxNoteLength);
    else if (key == "cmd") assignNumber(value, record.commandPid);
    else if (key == "cmdstart") assignNumber(value, record.commandStartTicks);
}

} // namespace

std::string serializeHolderRecord(const HolderRecord &record)
{
    std::string out{kHolderRecordMagic};
    out += '\n';
    auto add = [&out](std::string_view key, std::string_view value) {
        out.append(key).append("=").append(escape(value)).append("\n");
    };
    // Caps keep every record well inside kMaxHolderRecordSize, which readers stop at.
    add("id", record.id.substr(0, 4096));
    add("pid", std::to_string(record.pid));
    add("start", std::to_string(record.startTicks));
    add("boot", record.bootId);
    if (!record.pidNamespace.empty())
        add("pidns", record.pidNamespace);
    add("uid", std::to_string(record.uid));
    add("user", record.user.substr(0, 256));
    add("host", record.host.substr(0, 256));
    add("program", record.program.substr(0, 256));
    add("since", record.since);
    add("note", record.note.substr(0, kMaxNoteLength));
    if (record.commandPid > 0) {
        add("cmd", std::to_string(record.commandPid));
        add("cmdstart", std::to_string(record.commandStartTicks));
    }
    const std::string sum = hex16(fnv1a64(out)); // of everything before the check line
    out.append(kCheckKey).append(sum).append("\n");
    return out;
}

HolderRecord parseHolderRecord(std::string_view text, bool *torn)
{
    HolderRecord record;
    if (torn)
        *torn = false;
    if (text.size() > kMaxHolderRecordSize)
        text = text.substr(0, kMaxHolderRecordSize);
    // The first line is exactly the magic; another version is not ours to guess at.
    if (text.substr(0, kHolderRecordMagic.size()) != kHolderRecordMagic
        || (text.size() > kHolderRecordMagic.size() && text[kHolderRecordMagic.size()] != '\n'))
        return record;

    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos)
            end = text.size();
        const std::string_view line = text.substr(pos, end - pos);
        if (line.substr(0, kCheckKey.size()) == kCheckKey) {
            // The record ends here; what follows is padding or an older record's tail.
            if (line.substr(kCheckKey.size()) != hex16(fnv1a64(text.substr(0, pos)))) {
                if (torn)
                    *torn = true;
                return {};
            }
            break;
        }
        pos = end + 1;
        const std::size_t eq = line.find('=');
        if (eq != std::string_view::npos)
            assign(record, line.substr(0, eq), unescape(line.substr(eq + 1)));
    }
    if (record.pid <= 0)
        record.pid = 0;
    return record;
}

} // namespace devlatch::lock
