<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>Autostart</name>
    <message>
        <source>Cannot remove %1</source>
        <translation>%1 kann nicht entfernt werden</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceTableModel</name>
    <message>
        <source>%1 — waiting to claim</source>
        <translation>%1 — wartet auf Belegung</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Geräteknoten</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Holder</source>
        <translation>Inhaber</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>Seit</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DevicesWindow</name>
    <message>
        <source>devlatch — Devices</source>
        <translation>devlatch — Geräte</translation>
    </message>
    <message>
        <source>Filter by name, node, holder or note</source>
        <translation>Nach Name, Knoten, Inhaber oder Notiz filtern</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Belegen</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Claim when free</source>
        <translation>Belegen, sobald frei</translation>
    </message>
    <message>
        <source>Edit note…</source>
        <translation>Notiz bearbeiten…</translation>
    </message>
    <message>
        <source>Alias…</source>
        <translation>Alias…</translation>
    </message>
    <message>
        <source>Cancel claim when free</source>
        <translation>Warten auf Belegung abbrechen</translation>
    </message>
    <message>
        <source>Note for %1</source>
        <translation>Notiz für %1</translation>
    </message>
    <message>
        <source>Shown to others while you hold the device:</source>
        <translation>Wird anderen angezeigt, solange Sie das Gerät belegen:</translation>
    </message>
    <message>
        <source>Alias for %1</source>
        <translation>Alias für %1</translation>
    </message>
    <message>
        <source>Name to show for this device (empty: the default):</source>
        <translation>Anzeigename für dieses Gerät (leer: Standard):</translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation>Benachrichtigungen anzeigen</translation>
    </message>
    <message>
        <source>Claim at login</source>
        <translation>Bei der Anmeldung belegen</translation>
    </message>
    <message>
        <source>Claim this device whenever devlatch starts at login</source>
        <translation>Dieses Gerät belegen, wann immer devlatch bei der Anmeldung startet</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayApp</name>
    <message>
        <source>Quit devlatch</source>
        <translation>devlatch beenden</translation>
    </message>
    <message numerus="yes">
        <source>You hold %n device(s). Quitting releases them. Quit anyway?</source>
        <translation>
            <numerusform>Sie belegen %n Gerät. Beenden gibt es frei. Trotzdem beenden?</numerusform>
            <numerusform>Sie belegen %n Geräte. Beenden gibt sie frei. Trotzdem beenden?</numerusform>
        </translation>
    </message>
    <message>
        <source>No system tray</source>
        <translation>Kein Systembereich</translation>
    </message>
    <message>
        <source>This desktop shows no tray icons; devlatch runs in its window instead.</source>
        <translation>Diese Arbeitsumgebung zeigt keine Symbole im Systembereich; devlatch läuft stattdessen in seinem Fenster.</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayController</name>
    <message>
        <source>It became free and was claimed for you.</source>
        <translation>Es wurde frei und ist jetzt für Sie belegt.</translation>
    </message>
    <message>
        <source>Its previous holder, %1 (pid %2), ended without releasing it.</source>
        <translation>Der vorherige Inhaber, %1 (PID %2), wurde beendet, ohne es freizugeben.</translation>
    </message>
    <message>
        <source>%1 is yours</source>
        <translation>%1 gehört jetzt Ihnen</translation>
    </message>
    <message>
        <source>Cannot claim %1</source>
        <translation>%1 kann nicht belegt werden</translation>
    </message>
    <message>
        <source>Configuration problem</source>
        <translation>Problem in der Konfiguration</translation>
    </message>
    <message>
        <source>Cannot watch the lock directory</source>
        <translation>Das Sperrverzeichnis kann nicht überwacht werden</translation>
    </message>
    <message>
        <source>Held by user %1: %2 (pid %3) since %4</source>
        <translation>Belegt von Benutzer %1: %2 (PID %3) seit %4</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <source>Yours since %1</source>
        <translation>Ihres seit %1</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ihres</translation>
    </message>
    <message>
        <source>In use outside devlatch by %1 (pid %2)</source>
        <translation>Außerhalb von devlatch benutzt von %1 (PID %2)</translation>
    </message>
    <message>
        <source>In use outside devlatch</source>
        <translation>Außerhalb von devlatch in Benutzung</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Unbekannt: %1</translation>
    </message>
    <message>
        <source>devlatch: %1 held by you · %2 busy · %3 free</source>
        <translation>devlatch: %1 von Ihnen belegt · %2 besetzt · %3 frei</translation>
    </message>
    <message numerus="yes">
        <source> · %n waiting</source>
        <translation>
            <numerusform> · %n wartet</numerusform>
            <numerusform> · %n warten</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 is busy</source>
        <translation>%1 ist besetzt</translation>
    </message>
    <message>
        <source>Starting at login is not supported on this system</source>
        <translation>Start bei der Anmeldung wird auf diesem System nicht unterstützt</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>%1 is free</source>
        <translation>%1 ist frei</translation>
    </message>
    <message>
        <source>You asked to be told when it is free.</source>
        <translation>Sie wollten benachrichtigt werden, sobald es frei ist.</translation>
    </message>
    <message>
        <source>%1 went to someone else</source>
        <translation>%1 hat jemand anderes bekommen</translation>
    </message>
    <message>
        <source>Unplugged (%1)</source>
        <translation>Ausgesteckt (%1)</translation>
    </message>
    <message>
        <source>%1 was unplugged</source>
        <translation>%1 wurde ausgesteckt</translation>
    </message>
    <message>
        <source>You still hold its claim; plug it back in, or release it.</source>
        <translation>Sie belegen es weiterhin; stecken Sie es wieder ein oder geben Sie es frei.</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayMenu</name>
    <message>
        <source>No devices configured</source>
        <translation>Keine Geräte eingerichtet</translation>
    </message>
    <message numerus="yes">
        <source>%n more in Devices…</source>
        <translation>
            <numerusform>%n weiteres unter Geräte…</numerusform>
            <numerusform>%n weitere unter Geräte…</numerusform>
        </translation>
    </message>
    <message>
        <source>Release all</source>
        <translation>Alle freigeben</translation>
    </message>
    <message>
        <source>Devices…</source>
        <translation>Geräte…</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Click to claim</source>
        <translation>Klicken zum Belegen</translation>
    </message>
    <message>
        <source>Click to release</source>
        <translation>Klicken zum Freigeben</translation>
    </message>
    <message>
        <source>Cancel claim when free</source>
        <translation>Warten auf Belegung abbrechen</translation>
    </message>
    <message>
        <source>Claim when free</source>
        <translation>Belegen, sobald frei</translation>
    </message>
    <message>
        <source>Notify when free</source>
        <translation>Benachrichtigen, sobald frei</translation>
    </message>
    <message>
        <source>Claim anyway</source>
        <translation>Trotzdem belegen</translation>
    </message>
</context>
</TS>
