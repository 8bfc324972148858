// SPDX-License-Identifier: MIT
#include "SetupApiDiscovery.h"

#include <QTimer>

// clang-format off: windows.h first
#include <windows.h>
#include <cfgmgr32.h>
#include <dbt.h>
#include <initguid.h> // defines the DEVPKEY below in this file
#include <devpkey.h>
#include <setupapi.h>
// clang-format on

namespace devlatch {

std::unique_ptr<DeviceDiscovery> DeviceDiscovery::createForThisPlatform()
{
    return std::make_unique<windows::SetupApiDiscovery>();
}

namespace windows {

namespace {

constexpr char kRecordingEnv[] = "DEVLATCH_DEVICE_RECORDING";
// Windows sends a burst of WM_DEVICECHANGE per plug: enumerate once, a moment later.
constexpr int kSettleMs = 300;

QString registryProperty(HDEVINFO set, SP_DEVINFO_DATA &info, DWORD property)
{
    wchar_t buffer[1024];
    DWORD type = 0;
    if (!SetupDiGetDeviceRegistryPropertyW(set, &info, property, &type, reinterpret_cast<BYTE *>(buffer),
                                           sizeof buffer - sizeof(wchar_t), nullptr))
        return {};
    buffer[std::size(buffer) - 1] = 0;
    return QString::fromWCharArray(buffer).trimmed(); // REG_MULTI_SZ: its first string
}

// The product string the device itself reports (FT232R USB UART), not the driver's name.
QString productStringOf(HDEVINFO set, SP_DEVINFO_DATA &info)
{
    wchar_t buffer[256] = {};
    DEVPROPTYPE type = 0;
    if (!SetupDiGetDevicePropertyW(set, &info, &DEVPKEY_Device_BusReportedDeviceDesc, &type, reinterpret_cast<BYTE *>(buffer),
                                   sizeof buffer - sizeof(wchar_t), nullptr, 0)
        || type != DEVPROP_TYPE_STRING)
        return {};
    return QString::fromWCharArray(buffer).trimmed();
}

QString portNameOf(HDEVINFO set, SP_DEVINFO_DATA &info)
{
    HKEY key = SetupDiOpenDevRegKey(set, &info, DICS_FLAG_GLOBAL, 0, DIREG_DEV, KEY_READ);
    if (key == INVALID_HANDLE_VALUE)
        return {};
    wchar_t buffer[64] = {};
    DWORD size = sizeof buffer - sizeof(wchar_t);
    DWORD type = 0;
    QString name;
    if (RegQueryValueExW(key, L"PortName", nullptr, &type, reinterpret_cast<BYTE *>(buffer), &size) == ERROR_SUCCESS
        && type == REG_SZ)
        name = QString::fromWCharArray(buffer);
    RegCloseKey(key);
    return name.startsWith(QStringLiteral("COM"), Qt::CaseInsensitive) ? name.toUpper() : QString();
}

QString instanceIdOf(DEVINST instance)
{
    wchar_t buffer[MAX_DEVICE_ID_LEN + 1] = {};
    return CM_Get_Device_IDW(instance, buffer, MAX_DEVICE_ID_LEN, 0) == CR_SUCCESS ? QString::fromWCharArray(buffer)
                                                                                     : QString();
}

// The hidden window that receives WM_DEVICECHANGE: top-level (message-only windows do not get
// broadcasts), never shown, served by this thread's event loop like Qt's own windows.
LRESULT CALLBACK deviceChangeProc(HWND window, UINT message, WPARAM wParam, LPARAM lParam)
{
    if (message == WM_DEVICECHANGE) {
        if (auto *timer = reinterpret_cast<QTimer *>(GetWindowLongPtrW(window, GWLP_USERDATA)))
            QMetaObject::invokeMethod(timer, qOverload<>(&QTimer::start), Qt::QueuedConnection);
        return TRUE;
    }
    return DefWindowProcW(window, message, wParam, lParam);
}

} // namespace

struct SetupApiDiscovery::Private {
    HWND window = nullptr;
    HDEVNOTIFY notification = nullptr;
    QTimer *settle = nullptr;
    QString watchError;
};

SetupApiDiscovery::SetupApiDiscovery(QObject *parent) : DeviceDiscovery(parent), d(std::make_unique<Private>()) {}

SetupApiDiscovery::~SetupApiDiscovery()
{
    if (d->notification)
        UnregisterDeviceNotification(d->notification);
    if (d->window)
        DestroyWindow(d->window);
}

QList<DeviceRecord> SetupApiDiscovery::readRecords(QString &error)
{
    QList<DeviceRecord> records;
    HDEVINFO set = SetupDiGetClassDevsW(nullptr, nullptr, nullptr, DIGCF_ALLCLASSES | DIGCF_PRESENT);
    if (set == INVALID_HANDLE_VALUE) {
        error = QStringLiteral("SetupAPI could not list devices (error %1)").arg(GetLastError());
        return records;
    }
    SP_DEVINFO_DATA info {};
    info.cbSize = sizeof info;
    for (DWORD index = 0; SetupDiEnumDeviceInfo(set, index, &info); ++index) {
        DeviceRecord record;
        record.instanceId = instanceIdOf(info.DevInst);
        DEVINST parent = 0;
        if (CM_Get_Parent(&parent, info.DevInst, 0) == CR_SUCCESS)
            record.parentId = instanceIdOf(parent);
        record.deviceClass = registryProperty(set, info, SPDRP_CLASS);
        record.name = registryProperty(set, info, SPDRP_FRIENDLYNAME);
        if (record.name.isEmpty())
            record.name = registryProperty(set, info, SPDRP_DEVICEDESC);
        record.manufacturer = registryProperty(set, info, SPDRP_MFG);
        if (record.instanceId.startsWith(QStringLiteral("USB\\"), Qt::CaseInsensitive))
            record.productString = productStringOf(set, info);
        record.locationPath = registryProperty(set, info, SPDRP_LOCATION_PATHS);
        if (record.deviceClass.compare(QStringLiteral("Ports"), Qt::CaseInsensitive) == 0)
            record.portName = portNameOf(set, info);
        records << record;
    }
    SetupDiDestroyDeviceInfoList(set);
    return records;
}

QStringList SetupApiDiscovery::serialCommPorts()
{
    QStringList ports;
    HKEY key = nullptr;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, L"HARDWARE\\DEVICEMAP\\SERIALCOMM", 0, KEY_READ, &key) != ERROR_SUCCESS)
        return ports;
    for (DWORD index = 0;; ++index) {
        wchar_t name[256];
        DWORD nameLength = DWORD(std::size(name));
        wchar_t data[64] = {};
        DWORD dataSize = sizeof data - sizeof(wchar_t);
        DWORD type = 0;
        const LONG result =
            RegEnumValueW(key, index, name, &nameLength, nullptr, &type, reinterpret_cast<BYTE *>(data), &dataSize);
        if (result == ERROR_NO_MORE_ITEMS)
            break;
        if (result == ERROR_SUCCESS && type == REG_SZ)
            ports << QString::fromWCharArray(data).toUpper();
    }
    RegCloseKey(key);
    return ports;
}

DiscoveryResult SetupApiDiscovery::enumerate()
{
    const QString recording = qEnvironmentVariable(kRecordingEnv);
    if (!recording.isEmpty()) {
        const DeviceRecordsFile file = readDeviceRecords(recording);
        if (!file.error.isEmpty())
            return {{}, file.error};
        return {groupDeviceRecords(file.records), {}};
    }
    QString error;
    const QList<DeviceRecord> records = readRecords(error);
    if (!error.isEmpty())
        return {{}, error};
    return {groupDeviceRecords(records, serialCommPorts()), {}};
}

bool SetupApiDiscovery::startWatching()
{
    if (d->window)
        return true;
    d->settle = new QTimer(this);
    d->settle->setSingleShot(true);
    d->settle->setInterval(kSettleMs);
    connect(d->settle, &QTimer::timeout, this, &DeviceDiscovery::changed);

    WNDCLASSW windowClass {};
    windowClass.lpfnWndProc = deviceChangeProc;
    windowClass.hInstance = GetModuleHandleW(nullptr);
    windowClass.lpszClassName = L"devlatch.DeviceChanges";
    RegisterClassW(&windowClass); // fails harmlessly when already registered
    d->window = CreateWindowExW(0, windowClass.lpszClassName, L"devlatch device changes", WS_OVERLAPPED, 0, 0, 0, 0,
                                nullptr, nullptr, windowClass.hInstance, nullptr);
    if (!d->window) {
        d->watchError = QStringLiteral("cannot create the window for device notifications (error %1)").arg(GetLastError());
        return false;
    }
    SetWindowLongPtrW(d->window, GWLP_USERDATA, reinterpret_cast<LONG_PTR>(d->settle));
    // Interface arrivals and removals of every class; DBT_DEVNODES_CHANGED comes without this.
    DEV_BROADCAST_DEVICEINTERFACE_W filter {};
    filter.dbcc_size = sizeof filter;
    filter.dbcc_devicetype = DBT_DEVTYP_DEVICEINTERFACE;
    d->notification = RegisterDeviceNotificationW(d->window, &filter,
                                                  DEVICE_NOTIFY_WINDOW_HANDLE | DEVICE_NOTIFY_ALL_INTERFACE_CLASSES);
    return true;
}

bool SetupApiDiscovery::isWatching() const
{
    return d->window != nullptr;
}

QString SetupApiDiscovery::watchError() const
{
    return d->watchError;
}

} // namespace windows

} // namespace devlatch
