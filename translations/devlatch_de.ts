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
        <source>Cannot create %1</source>
        <translation>%1 kann nicht angelegt werden</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::AboutDialog</name>
    <message>
        <source>About devlatch</source>
        <translation>Über devlatch</translation>
    </message>
    <message>
        <source>the README</source>
        <translation>die README</translation>
    </message>
    <message>
        <source>&lt;h3&gt;devlatch %1&lt;/h3&gt;&lt;p&gt;One lock per lab device, shared by the tray, devlatchctl and other programs.&lt;/p&gt;&lt;p&gt;Scope: &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;Locks: &lt;code&gt;%3&lt;/code&gt;&lt;/p&gt;&lt;p&gt;See %4 and the manual it links to (docs/) for the tray, devlatchctl, the lock protocol (for your own scripts), the scopes and the lab.&lt;/p&gt;&lt;p&gt;MIT licence.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;devlatch %1&lt;/h3&gt;&lt;p&gt;Eine Sperre pro Laborgerät, gemeinsam genutzt von Tray, devlatchctl und anderen Programmen.&lt;/p&gt;&lt;p&gt;Geltungsbereich: &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;Sperren: &lt;code&gt;%3&lt;/code&gt;&lt;/p&gt;&lt;p&gt;Siehe %4 und das dort verlinkte Handbuch (docs/) zu Tray, devlatchctl, Sperrprotokoll (für eigene Skripte), Geltungsbereichen und Labor.&lt;/p&gt;&lt;p&gt;MIT-Lizenz.&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceActions</name>
    <message>
        <source>&amp;Claim</source>
        <translation>&amp;Belegen</translation>
    </message>
    <message>
        <source>&amp;Release</source>
        <translation>&amp;Freigeben</translation>
    </message>
    <message>
        <source>Claim when &amp;free</source>
        <translation>Belegen, sobald &amp;frei</translation>
    </message>
    <message>
        <source>&amp;Notify when free</source>
        <translation>&amp;Benachrichtigen, sobald frei</translation>
    </message>
    <message>
        <source>Edit &amp;note…</source>
        <translation>&amp;Notiz bearbeiten…</translation>
    </message>
    <message>
        <source>&amp;Alias…</source>
        <translation>&amp;Alias…</translation>
    </message>
    <message>
        <source>Claim at &amp;login</source>
        <translation>Beim &amp;Anmelden belegen</translation>
    </message>
    <message>
        <source>Claim this device whenever devlatch starts at login</source>
        <translation>Dieses Gerät belegen, wann immer devlatch bei der Anmeldung startet</translation>
    </message>
    <message>
        <source>Copy device &amp;id</source>
        <translation>Geräte-&amp;ID kopieren</translation>
    </message>
    <message>
        <source>No longer waiting for %1</source>
        <translation>Kein Warten mehr auf %1</translation>
    </message>
    <message>
        <source>&amp;Claim anyway</source>
        <translation>&amp;Trotzdem belegen</translation>
    </message>
    <message>
        <source>Cancel claim when &amp;free</source>
        <translation>Belegen, sobald frei, &amp;abbrechen</translation>
    </message>
    <message>
        <source>Already waiting for %1</source>
        <translation>Wartet bereits auf %1</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceDetails</name>
    <message>
        <source>The last claims of this device that devlatch saw</source>
        <translation>Die letzten Belegungen dieses Geräts, die devlatch gesehen hat</translation>
    </message>
    <message numerus="yes">
        <source>%n s</source>
        <translation>
            <numerusform>%n s</numerusform>
            <numerusform>%n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>Select a device to see its state and its last claims.</source>
        <translation>Wählen Sie ein Gerät, um seinen Zustand und seine letzten Belegungen zu sehen.</translation>
    </message>
    <message>
        <source>Nodes: %1</source>
        <translation>Geräteknoten: %1</translation>
    </message>
    <message>
        <source>Id: %1</source>
        <translation>ID: %1</translation>
    </message>
    <message>
        <source>%1–%2 (%3)</source>
        <translation>%1–%2 (%3)</translation>
    </message>
    <message>
        <source>%1, still held</source>
        <translation>%1, noch belegt</translation>
    </message>
    <message>
        <source>%1  %2 (pid %3)</source>
        <translation>%1  %2 (PID %3)</translation>
    </message>
    <message>
        <source>No claims seen yet</source>
        <translation>Noch keine Belegungen gesehen</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DeviceListModel</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
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
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Nodes</source>
        <translation>Geräteknoten</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::DevicesWindow</name>
    <message>
        <source>devlatch — Devices</source>
        <translation>devlatch — Geräte</translation>
    </message>
    <message>
        <source>Alias for %1</source>
        <translation>Alias für %1</translation>
    </message>
    <message>
        <source>This desktop shows no tray icons, so devlatch runs in this window. To get a tray on GNOME, install and enable the AppIndicator extension (gnome-shell-extension-appindicator) and start devlatch again.</source>
        <translation>Diese Arbeitsumgebung zeigt keine Tray-Symbole, daher läuft devlatch in diesem Fenster. Für ein Tray unter GNOME installieren und aktivieren Sie die AppIndicator-Erweiterung (gnome-shell-extension-appindicator) und starten devlatch neu.</translation>
    </message>
    <message>
        <source>Filter by name, state, holder, note or node (Ctrl+F)</source>
        <translation>Nach Name, Zustand, Inhaber, Notiz oder Geräteknoten filtern (Strg+F)</translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
    <message>
        <source>Name for this device in devlatch and devlatchctl (empty: the default):</source>
        <translation>Name dieses Geräts in devlatch und devlatchctl (leer: Standardname):</translation>
    </message>
    <message>
        <source>%1 is now called %2</source>
        <translation>%1 heißt jetzt %2</translation>
    </message>
    <message>
        <source>Cannot use that name: %1</source>
        <translation>Dieser Name ist nicht möglich: %1</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabController</name>
    <message>
        <source>Lab connection back</source>
        <translation>Laborverbindung wieder da</translation>
    </message>
    <message>
        <source>%1 can be read again.</source>
        <translation>%1 ist wieder lesbar.</translation>
    </message>
    <message>
        <source>Lab connection lost</source>
        <translation>Laborverbindung verloren</translation>
    </message>
    <message>
        <source>%1: %2. Lab devices show as unknown until it is back.</source>
        <translation>%1: %2. Laborgeräte gelten als unbekannt, bis sie wieder da ist.</translation>
    </message>
    <message>
        <source>Lab device is yours</source>
        <translation>Laborgerät gehört Ihnen</translation>
    </message>
    <message>
        <source>%1 is yours now.</source>
        <translation>%1 gehört jetzt Ihnen.</translation>
    </message>
    <message>
        <source>%1 is yours now; its previous holder vanished without releasing.</source>
        <translation>%1 gehört jetzt Ihnen; der vorige Inhaber ist verschwunden, ohne es freizugeben.</translation>
    </message>
    <message>
        <source>Lab device is busy</source>
        <translation>Laborgerät ist belegt</translation>
    </message>
    <message>
        <source>Lab claim failed</source>
        <translation>Laborbelegung fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Lab claim lost</source>
        <translation>Laborbelegung verloren</translation>
    </message>
    <message>
        <source>%1 is no longer yours: %2. Stop using it: lab claims are not fenced.</source>
        <translation>%1 gehört Ihnen nicht mehr: %2. Benutzen Sie es nicht weiter: Laborbelegungen sind nicht abgesichert.</translation>
    </message>
    <message>
        <source>Lab claims uncertain</source>
        <translation>Laborbelegungen unsicher</translation>
    </message>
    <message>
        <source>Lab (%1)</source>
        <translation>Labor (%1)</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>verbinde…</translation>
    </message>
    <message>
        <source>%1 is yours now; the waiter ahead of you vanished before its turn came.</source>
        <translation>%1 gehört jetzt Ihnen; wer vor Ihnen wartete, ist verschwunden, bevor er an der Reihe war.</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabDevicesBox</name>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Claim</source>
        <translation>Belegen</translation>
    </message>
    <message>
        <source>Leave the queue</source>
        <translation>Warteschlange verlassen</translation>
    </message>
    <message>
        <source>Wait in the queue</source>
        <translation>In der Warteschlange warten</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabListModel</name>
    <message>
        <source>Lab device</source>
        <translation>Laborgerät</translation>
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
    <message>
        <source>Scope</source>
        <translation>Geltungsbereich</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::LabWording</name>
    <message>
        <source>until %1 (in %2 min)</source>
        <translation>bis %1 (in %2 min)</translation>
    </message>
    <message>
        <source>until %1 (overdue)</source>
        <translation>bis %1 (überfällig)</translation>
    </message>
    <message>
        <source>lab</source>
        <translation>Labor</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Unknown: %1</source>
        <translation>Unbekannt: %1</translation>
    </message>
    <message>
        <source>%1 waiting</source>
        <translation>%1 wartend</translation>
    </message>
    <message>
        <source>in maintenance: %1</source>
        <translation>in Wartung: %1</translation>
    </message>
    <message>
        <source>Claiming…</source>
        <translation>Belege…</translation>
    </message>
    <message>
        <source>Asking the lab…</source>
        <translation>Frage das Labor…</translation>
    </message>
    <message>
        <source>Yours (uncertain)</source>
        <translation>Ihres (unsicher)</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>Ihres</translation>
    </message>
    <message>
        <source>Yours, but not confirmed by the lab lately: it may have been freed</source>
        <translation>Ihres, aber vom Labor zuletzt nicht bestätigt: es kann freigegeben worden sein</translation>
    </message>
    <message>
        <source>Yours since %1</source>
        <translation>Ihres seit %1</translation>
    </message>
    <message>
        <source>You · %1</source>
        <translation>Sie · %1</translation>
    </message>
    <message>
        <source>Waiting (%1)</source>
        <translation>Wartend (%1)</translation>
    </message>
    <message>
        <source>You are %1 in the queue; held by %2</source>
        <translation>Sie sind %1 in der Warteschlange; belegt von %2</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>Held by %1 since %2</source>
        <translation>Belegt von %1 seit %2</translation>
    </message>
    <message>
        <source>In maintenance</source>
        <translation>In Wartung</translation>
    </message>
    <message>
        <source>In maintenance: %1</source>
        <translation>In Wartung: %1</translation>
    </message>
    <message>
        <source>Free</source>
        <translation>Frei</translation>
    </message>
    <message>
        <source>%1 is in maintenance: %2</source>
        <translation>%1 ist in Wartung: %2</translation>
    </message>
    <message>
        <source>%1 is held by %2</source>
        <translation>%1 ist belegt von %2</translation>
    </message>
    <message>
        <source>%1 could not be claimed: %2</source>
        <translation>%1 konnte nicht belegt werden: %2</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::NoteDialog</name>
    <message>
        <source>Note for %1</source>
        <translation>Notiz für %1</translation>
    </message>
    <message>
        <source>Shown to others while you hold %1:</source>
        <translation>Wird anderen angezeigt, solange Sie %1 belegen:</translation>
    </message>
    <message>
        <source>Shown to others with your next claim of %1:</source>
        <translation>Wird anderen bei Ihrer nächsten Belegung von %1 angezeigt:</translation>
    </message>
    <message>
        <source>Use this note for every claim of this device</source>
        <translation>Diese Notiz für jede Belegung dieses Geräts verwenden</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::SettingsDialog</name>
    <message>
        <source>devlatch — Settings</source>
        <translation>devlatch — Einstellungen</translation>
    </message>
    <message>
        <source>Show notifications</source>
        <translation>Benachrichtigungen anzeigen</translation>
    </message>
    <message>
        <source>As configured (devlatch.conf)</source>
        <translation>Wie konfiguriert (devlatch.conf)</translation>
    </message>
    <message>
        <source>Machine: every user on this computer sees your claims</source>
        <translation>Rechner: Alle Benutzer dieses Computers sehen Ihre Belegungen</translation>
    </message>
    <message>
        <source>User: only your own programs see them</source>
        <translation>Benutzer: Nur Ihre eigenen Programme sehen sie</translation>
    </message>
    <message>
        <source>Now: %1 scope, locks in %2. A new scope applies when devlatch starts again.</source>
        <translation>Aktuell: Geltungsbereich %1, Sperren in %2. Ein neuer Geltungsbereich gilt ab dem nächsten Start von devlatch.</translation>
    </message>
    <message>
        <source>Start devlatch when I log in</source>
        <translation>devlatch bei der Anmeldung starten</translation>
    </message>
    <message>
        <source> devices</source>
        <translation> Geräte</translation>
    </message>
    <message>
        <source>Panel-coloured (monochrome) tray icon</source>
        <translation>Tray-Symbol in Leistenfarbe (einfarbig)</translation>
    </message>
    <message>
        <source>Lock scope:</source>
        <translation>Geltungsbereich der Sperren:</translation>
    </message>
    <message>
        <source>Tray menu lists up to:</source>
        <translation>Das Tray-Menü zeigt bis zu:</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::StateWording</name>
    <message>
        <source>Unplugged (%1)</source>
        <translation>Ausgesteckt (%1)</translation>
    </message>
    <message>
        <source>Held by a program that left no holder record</source>
        <translation>Belegt von einem Programm, das keinen Belegungseintrag hinterlassen hat</translation>
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
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Held by you</source>
        <translation>Von Ihnen belegt</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>Belegt</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In Benutzung</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Unplugged</source>
        <translation>Ausgesteckt</translation>
    </message>
    <message>
        <source>Yours, unplugged</source>
        <translation>Ihres, ausgesteckt</translation>
    </message>
    <message>
        <source>serial</source>
        <translation>seriell</translation>
    </message>
    <message>
        <source>probe</source>
        <translation>Sonde</translation>
    </message>
    <message>
        <source>camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <source>instrument</source>
        <translation>Messgerät</translation>
    </message>
    <message>
        <source>resource</source>
        <translation>Ressource</translation>
    </message>
    <message>
        <source>device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>In use outside devlatch by a process whose name cannot be read (pid %1)</source>
        <translation>Außerhalb von devlatch in Benutzung durch einen Prozess, dessen Name nicht lesbar ist (PID %1)</translation>
    </message>
    <message>
        <source>You, in %1 (pid %2) since %3</source>
        <translation>Sie, in %1 (PID %2) seit %3</translation>
    </message>
    <message>
        <source>Held by %1: %2 (pid %3) since %4</source>
        <translation>Belegt von %1: %2 (PID %3) seit %4</translation>
    </message>
    <message>
        <source>Free — %1 (pid %2) ended without releasing it</source>
        <translation>Frei — %1 (PID %2) wurde beendet, ohne es freizugeben</translation>
    </message>
    <message>
        <source>its holder</source>
        <translation>sein Inhaber</translation>
    </message>
    <message>
        <source> — also in use by %1 (pid %2)</source>
        <translation> — auch in Benutzung durch %1 (PID %2)</translation>
    </message>
    <message>
        <source>a process whose name cannot be read</source>
        <translation>einen Prozess, dessen Name nicht lesbar ist</translation>
    </message>
    <message>
        <source>Waiting — you are queued; %1</source>
        <translation>Wartend — Sie stehen in der Warteschlange; %1</translation>
    </message>
    <message>
        <source>You · %1 (pid %2)</source>
        <translation>Sie · %1 (PID %2)</translation>
    </message>
    <message>
        <source>%1 · %2 (pid %3)</source>
        <translation>%1 · %2 (PID %3)</translation>
    </message>
    <message>
        <source>%1 (pid %2)</source>
        <translation>%1 (PID %2)</translation>
    </message>
    <message>
        <source>unnamed process</source>
        <translation>unbenannter Prozess</translation>
    </message>
    <message>
        <source>a program outside devlatch</source>
        <translation>ein Programm außerhalb von devlatch</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayApp</name>
    <message>
        <source>Quit devlatch</source>
        <translation>devlatch beenden</translation>
    </message>
    <message numerus="yes">
        <source>Quitting releases %n device(s): %1.</source>
        <translation>
            <numerusform>Beenden gibt %n Gerät frei: %1.</numerusform>
            <numerusform>Beenden gibt %n Geräte frei: %1.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It cancels %n waiting claim(s).</source>
        <translation>
            <numerusform>Es bricht %n wartende Belegung ab.</numerusform>
            <numerusform>Es bricht %n wartende Belegungen ab.</numerusform>
        </translation>
    </message>
    <message>
        <source>Quit anyway?</source>
        <translation>Trotzdem beenden?</translation>
    </message>
    <message>
        <source>Close devlatch</source>
        <translation>devlatch schließen</translation>
    </message>
    <message>
        <source>There is no tray here: keep running, the claims kept, with no window (start devlatch again to see it), or quit?</source>
        <translation>Hier gibt es kein Tray: ohne Fenster weiterlaufen und die Belegungen behalten (devlatch erneut starten, um es zu sehen), oder beenden?</translation>
    </message>
    <message>
        <source>Quit and release</source>
        <translation>Beenden und freigeben</translation>
    </message>
    <message>
        <source>Keep running</source>
        <translation>Weiterlaufen</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayController</name>
    <message>
        <source>%1 is yours</source>
        <translation>%1 gehört jetzt Ihnen</translation>
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
        <source>Starting at login is not supported on this system</source>
        <translation>Start bei der Anmeldung wird auf diesem System nicht unterstützt</translation>
    </message>
    <message>
        <source>Start at login</source>
        <translation>Bei der Anmeldung starten</translation>
    </message>
    <message>
        <source>Claim history</source>
        <translation>Belegungsverlauf</translation>
    </message>
    <message>
        <source>No such device: %1</source>
        <translation>Kein solches Gerät: %1</translation>
    </message>
    <message>
        <source>%1 is busy: %2</source>
        <translation>%1 ist belegt: %2</translation>
    </message>
    <message>
        <source>%1 is not yours</source>
        <translation>%1 gehört nicht Ihnen</translation>
    </message>
    <message>
        <source>%1 released</source>
        <translation>%1 freigegeben</translation>
    </message>
    <message numerus="yes">
        <source>Released %n device(s)</source>
        <translation>
            <numerusform>%n Gerät freigegeben</numerusform>
            <numerusform>%n Geräte freigegeben</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>; cancelled %n queued claim(s)</source>
        <translation>
            <numerusform>; %n wartende Belegung abgebrochen</numerusform>
            <numerusform>; %n wartende Belegungen abgebrochen</numerusform>
        </translation>
    </message>
    <message>
        <source>Release all</source>
        <translation>Alle freigeben</translation>
    </message>
    <message>
        <source>%1 is already yours or queued</source>
        <translation>%1 gehört Ihnen bereits oder ist vorgemerkt</translation>
    </message>
    <message>
        <source>Waiting for %1: it is yours the moment it is free</source>
        <translation>Warten auf %1: es gehört Ihnen, sobald es frei ist</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>%1 (lab)</source>
        <translation>%1 (Labor)</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayMenu</name>
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
    <message>
        <source>No devices found or configured</source>
        <translation>Keine Geräte gefunden oder konfiguriert</translation>
    </message>
    <message numerus="yes">
        <source>Release all and cancel %n waiting claim(s)</source>
        <translation>
            <numerusform>Alle freigeben und %n wartende Belegung abbrechen</numerusform>
            <numerusform>Alle freigeben und %n wartende Belegungen abbrechen</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>About devlatch</source>
        <translation>Über devlatch</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>No lab device is in use or listed ([lab] devices=)</source>
        <translation>Kein Laborgerät in Benutzung oder aufgeführt ([lab] devices=)</translation>
    </message>
    <message>
        <source>Leave the queue</source>
        <translation>Warteschlange verlassen</translation>
    </message>
    <message>
        <source>Wait in the queue</source>
        <translation>In der Warteschlange warten</translation>
    </message>
</context>
<context>
    <name>devlatch::tray::TrayNotices</name>
    <message>
        <source>Release</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>Its previous holder, %1 (pid %2), ended without releasing it.</source>
        <translation>Sein vorheriger Inhaber, %1 (PID %2), wurde beendet, ohne es freizugeben.</translation>
    </message>
    <message>
        <source>%1 is yours</source>
        <translation>%1 gehört Ihnen</translation>
    </message>
    <message>
        <source>It became free and was claimed for you.</source>
        <translation>Es wurde frei und für Sie belegt.</translation>
    </message>
    <message>
        <source>Cannot claim %1</source>
        <translation>%1 kann nicht belegt werden</translation>
    </message>
    <message>
        <source>%1 is busy</source>
        <translation>%1 ist belegt</translation>
    </message>
    <message>
        <source>The lock file of %1 was removed</source>
        <translation>Die Sperrdatei von %1 wurde entfernt</translation>
    </message>
    <message>
        <source>devlatch took the new one as well, so others are still refused. Lock files must never be removed.</source>
        <translation>devlatch hat auch die neue übernommen, andere werden also weiterhin abgewiesen. Sperrdateien dürfen nie entfernt werden.</translation>
    </message>
    <message>
        <source>Another process took the new one: it may be using the device too.</source>
        <translation>Ein anderer Prozess hat die neue übernommen: Er benutzt das Gerät möglicherweise ebenfalls.</translation>
    </message>
    <message>
        <source>%1 was unplugged</source>
        <translation>%1 wurde ausgesteckt</translation>
    </message>
    <message>
        <source>You still hold its claim; plug it back in, or release it.</source>
        <translation>Sie halten die Belegung weiterhin; stecken Sie es wieder ein oder geben Sie es frei.</translation>
    </message>
    <message>
        <source>%1 is back</source>
        <translation>%1 ist wieder da</translation>
    </message>
    <message>
        <source>It is still yours.</source>
        <translation>Es gehört weiterhin Ihnen.</translation>
    </message>
    <message>
        <source>It is still yours, now at %1.</source>
        <translation>Es gehört weiterhin Ihnen, jetzt unter %1.</translation>
    </message>
    <message>
        <source>%1 is also in use outside devlatch</source>
        <translation>%1 wird auch außerhalb von devlatch benutzt</translation>
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
        <source>Claim now</source>
        <translation>Jetzt belegen</translation>
    </message>
    <message>
        <source>%1 went to someone else</source>
        <translation>%1 ging an jemand anderen</translation>
    </message>
</context>
</TS>
