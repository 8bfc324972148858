#include "HolderRecord.h"

#include <charconv>
#include <ctime>

namespace devlatch::lock {

bool HolderRecord::operator==(const HolderRecord &other) const
{
    return id == other.id && pid == other.pid && startTicks == other.startTicks
           && bootId == other.bootId && uid == other.uid && user == other.user
           && host == other.host && program == other.program && since == other.since
           && note == other.note;
}

static std::string escape(std::string_view value)
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

static std::string unescape(std::string_view value)
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
    add("uid", std::to_string(record.uid));
    add("user", record.user.substr(0, 256));
    add("host", record.host.substr(0, 256));
    add("program", record.program.substr(0, 256));
    add("since", record.since);
    add("note", record.note.substr(0, kMaxNoteLength));
    return out;
}

template <typename Number>
static bool parseNumber(std::string_view text, Number &out)
{
    Number value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size())
        return false;
    out = value;
    return true;
}

HolderRecord parseHolderRecord(std::string_view text)
{
    HolderRecord record;
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
        pos = end + 1;
        const std::size_t eq = line.find('=');
        if (eq == std::string_view::npos)
            continue;
        const std::string_view key = line.substr(0, eq);
        const std::string value = unescape(line.substr(eq + 1));
        if (key == "id") record.id = value;
        else if (key == "pid") parseNumber(value, record.pid);
        else if (key == "start") parseNumber(value, record.startTicks);
        else if (key == "boot") record.bootId = value;
        else if (key == "uid") parseNumber(value, record.uid);
        else if (key == "user") record.user = value;
        else if (key == "host") record.host = value;
        else if (key == "program") record.program = value;
        else if (key == "since") record.since = value;
        else if (key == "note") record.note = value.substr(0, kMaxNoteLength);
    }
    if (record.pid <= 0)
        record.pid = 0;
    return record;
}

std::string currentUtcTimestamp()
{
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
#ifdef _WIN32
    gmtime_s(&utc, &now);
#else
    gmtime_r(&now, &utc);
#endif
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return buffer;
}

} // namespace devlatch::lock
