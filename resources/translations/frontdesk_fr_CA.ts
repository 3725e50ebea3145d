<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
    <context>
        <name>AccountsTableModel</name>
        <message>
            <location filename="../../app/views/accounts_view.py" line="241" />
            <source>never</source>
            <translation>jamais</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="246" />
            <source>%1 (paused)</source>
            <translation>%1 (en pause)</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="252" />
            <source>not added to a calendar</source>
            <translation>non ajouté à un calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="254" />
            <source>none</source>
            <translation>aucun</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="256" />
            <source>%1 min</source>
            <translation>%1 min</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="260" />
            <source>paused</source>
            <translation>en pause</translation>
        </message>
    </context>
    <context>
        <name>AccountsView</name>
        <message>
            <location filename="../../app/views/accounts_view.py" line="606" />
            <location filename="../../app/views/accounts_view.py" line="614" />
            <source>Calendar accounts</source>
            <translation>Comptes de calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="625" />
            <source>&amp;Add…</source>
            <translation>&amp;Ajouter…</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="626" />
            <source>&amp;Remove</source>
            <translation>&amp;Retirer</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="627" />
            <location filename="../../app/views/accounts_view.py" line="824" />
            <source>&amp;Pause</source>
            <translation>&amp;Pause</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="628" />
            <source>&amp;Sync now</source>
            <translation>&amp;Synchroniser maintenant</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="629" />
            <source>Re&amp;fresh</source>
            <translation>Act&amp;ualiser</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="631" />
            <source>Add a calendar account</source>
            <translation>Ajouter un compte de calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="632" />
            <location filename="../../app/views/accounts_view.py" line="877" />
            <source>Remove the calendar account</source>
            <translation>Retirer le compte de calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="633" />
            <source>Pause or resume the account's sync</source>
            <translation>Mettre en pause ou reprendre la synchronisation du compte</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="634" />
            <source>Sync the account now</source>
            <translation>Synchroniser le compte maintenant</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="635" />
            <source>Refresh the accounts</source>
            <translation>Actualiser les comptes</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="644" />
            <location filename="../../app/views/accounts_view.py" line="647" />
            <source>Changes to review</source>
            <translation>Modifications à examiner</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="650" />
            <source>A&amp;ccept the agent's change</source>
            <translation>A&amp;ccepter la modification du conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="651" />
            <source>Accept the agent's change</source>
            <translation>Accepter la modification du conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="652" />
            <source>&amp;Keep the desk's version</source>
            <translation>&amp;Garder la version du poste</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="653" />
            <source>Keep the desk's version</source>
            <translation>Garder la version du poste</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="659" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="764" />
            <source>The calendar accounts could not be read.</source>
            <translation>Les comptes de calendrier n'ont pas pu être lus.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="782" />
            <source>%1 deleted %2 from their calendar.</source>
            <translation>%1 a supprimé %2 de son calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="791" />
            <source>%1 moved %2 to %3 in their calendar.</source>
            <translation>%1 a déplacé %2 au %3 dans son calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="793" />
            <source>%1 changed %2 to %3 in their calendar, and the desk changed it too.</source>
            <translation>%1 a changé %2 pour %3 dans son calendrier, et le poste l'a modifié aussi.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="822" />
            <source>Res&amp;ume</source>
            <translation>Re&amp;prendre</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="861" />
            <source>The calendar account is connected.</source>
            <translation>Le compte de calendrier est connecté.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="889" />
            <source>Disconnect %1's %2 calendar account? The desk stops writing to it and forgets its busy time; events already in the calendar stay there.</source>
            <translation>Déconnecter le compte de calendrier %2 de %1? Le poste cesse d'y écrire et oublie ses plages occupées; les événements déjà dans le calendrier y restent.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="903" />
            <source>The calendar account was removed.</source>
            <translation>Le compte de calendrier a été retiré.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="919" />
            <source>The account's sync is resumed.</source>
            <translation>La synchronisation du compte a repris.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="921" />
            <source>The account's sync is paused.</source>
            <translation>La synchronisation du compte est en pause.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="938" />
            <source>Syncing %1's calendar…</source>
            <translation>Synchronisation du calendrier de %1…</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="961" />
            <source>Synced: %1 calendar write(s), %2 busy interval(s), %3 change(s) to review.</source>
            <translation>Synchronisé : %1 écriture(s) au calendrier, %2 plage(s) occupée(s), %3 modification(s) à examiner.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="976" />
            <source>The calendar could not be synced; try again later.</source>
            <translation>Le calendrier n'a pas pu être synchronisé; réessayez plus tard.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="1020" />
            <source>The agent's change is applied at the desk.</source>
            <translation>La modification du conseiller est appliquée au poste.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="1036" />
            <source>The desk's version will be written to the agent's calendar again.</source>
            <translation>La version du poste sera réécrite dans le calendrier du conseiller.</translation>
        </message>
    </context>
    <context>
        <name>AddAccountDialog</name>
        <message>
            <location filename="../../app/views/accounts_view.py" line="310" />
            <source>Connect a calendar account</source>
            <translation>Connecter un compte de calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="313" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="317" />
            <source>Provider</source>
            <translation>Fournisseur</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="326" />
            <source>Server address</source>
            <translation>Adresse du serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="329" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="331" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="335" />
            <source>Mailbox e-mail address</source>
            <translation>Adresse courriel de la boîte aux lettres</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="338" />
            <source>Exchange version</source>
            <translation>Version d'Exchange</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="340" />
            <source>Exchange %1</source>
            <translation>Exchange %1</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="343" />
            <source>Sign-in kind</source>
            <translation>Type de connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="344" />
            <source>Windows sign-in (NTLM)</source>
            <translation>Connexion Windows (NTLM)</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="345" />
            <source>Basic sign-in</source>
            <translation>Connexion de base</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="347" />
            <source>Certificate authority file</source>
            <translation>Fichier de l'autorité de certification</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="349" />
            <source>Only for a certificate this computer does not trust</source>
            <translation>Seulement pour un certificat auquel cet ordinateur ne fait pas confiance</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="351" />
            <source>Chec&amp;k the server's certificate</source>
            <translation>Vérifier le certificat du &amp;serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="353" />
            <source>&amp;Find calendars</source>
            <translation>&amp;Trouver les calendriers</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="354" />
            <source>Find calendars</source>
            <translation>Trouver les calendriers</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="357" />
            <source>Calendar that receives the appointments</source>
            <translation>Calendrier qui reçoit les rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="359" />
            <source>Calendars checked for conflicts</source>
            <translation>Calendriers vérifiés pour les conflits</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="363" />
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="367" />
            <source>&amp;Agent:</source>
            <translation>&amp;Conseiller :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="368" />
            <source>&amp;Provider:</source>
            <translation>&amp;Fournisseur :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="369" />
            <source>Server a&amp;ddress:</source>
            <translation>A&amp;dresse du serveur :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="370" />
            <source>&amp;User name:</source>
            <translation>Nom d'&amp;utilisateur :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="371" />
            <source>Pass&amp;word:</source>
            <translation>&amp;Mot de passe :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="372" />
            <source>&amp;Mailbox address:</source>
            <translation>Adresse de la &amp;boîte aux lettres :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="373" />
            <source>E&amp;xchange version:</source>
            <translation>&amp;Version d'Exchange :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="374" />
            <source>Si&amp;gn-in:</source>
            <translation>Co&amp;nnexion :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="375" />
            <source>Certificate aut&amp;hority:</source>
            <translation>Autorité de c&amp;ertification :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="388" />
            <source>Add appointments &amp;to:</source>
            <translation>Ajouter les rendez-vous &amp;à :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="390" />
            <source>Check for &amp;conflicts (up to %1):</source>
            <translation>Vérifier les c&amp;onflits (jusqu'à %1) :</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="397" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="436" />
            <source>Not added to a calendar</source>
            <translation>Non ajouté à un calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="453" />
            <source>At most %1 calendars can be checked for conflicts.</source>
            <translation>Au plus %1 calendriers peuvent être vérifiés pour les conflits.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="485" />
            <source>Looking for calendars…</source>
            <translation>Recherche des calendriers…</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="499" />
            <source>%1 calendar(s) found.</source>
            <translation>%1 calendrier(s) trouvé(s).</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="501" />
            <source>The account has no calendar.</source>
            <translation>Le compte n'a aucun calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="509" />
            <source>The calendars could not be listed.</source>
            <translation>Les calendriers n'ont pas pu être listés.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="523" />
            <source>Choose the agent whose calendar this is.</source>
            <translation>Choisissez le conseiller à qui appartient ce calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="527" />
            <source>This kind of calendar account cannot be connected yet.</source>
            <translation>Ce type de compte de calendrier ne peut pas encore être connecté.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="531" />
            <source>Enter the calendar server's address.</source>
            <translation>Entrez l'adresse du serveur de calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="535" />
            <source>Enter the mailbox's e-mail address.</source>
            <translation>Entrez l'adresse courriel de la boîte aux lettres.</translation>
        </message>
    </context>
    <context>
        <name>AddUserDialog</name>
        <message>
            <location filename="../../app/views/users_view.py" line="537" />
            <source>Add a user</source>
            <translation>Ajouter un utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="540" />
            <source>One word, for signing in</source>
            <translation>Un seul mot, pour la connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="549" />
            <source>None</source>
            <translation>Aucun</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="552" />
            <source>&amp;User name:</source>
            <translation>Nom d'&amp;utilisateur :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="552" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="553" />
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="553" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="554" />
            <source>R&amp;ole:</source>
            <translation>R&amp;ôle :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="554" />
            <source>Role</source>
            <translation>Rôle</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="555" />
            <source>&amp;Linked agent:</source>
            <translation>&amp;Conseiller lié :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="555" />
            <source>Linked agent</source>
            <translation>Conseiller lié</translation>
        </message>
    </context>
    <context>
        <name>AdministrationWindow</name>
        <message>
            <location filename="../../app/views/admin/window.py" line="169" />
            <source>Branch</source>
            <translation>Succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="170" />
            <source>Services</source>
            <translation>Services</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="171" />
            <source>Agents</source>
            <translation>Conseillers</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="172" />
            <source>Statuses</source>
            <translation>Statuts</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="173" />
            <source>Booking rules</source>
            <translation>Règles de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="174" />
            <source>Mail server</source>
            <translation>Serveur de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="175" />
            <source>E-mail texts</source>
            <translation>Textes des courriels</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="176" />
            <source>Users and permissions</source>
            <translation>Utilisateurs et permissions</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="181" />
            <source>Administration pages</source>
            <translation>Pages d'administration</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="194" />
            <source>New branch</source>
            <translation>Nouvelle succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="229" />
            <source>Create the branch first.</source>
            <translation>Créez d'abord la succursale.</translation>
        </message>
    </context>
    <context>
        <name>AgentsPage</name>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="245" />
            <source>Agents</source>
            <translation>Conseillers</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="268" />
            <source>&amp;Agents</source>
            <translation>&amp;Conseillers</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="270" />
            <source>Agents of the branch</source>
            <translation>Conseillers de la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="275" />
            <source>Ne&amp;w</source>
            <translation>Nou&amp;veau</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="276" />
            <source>New agent</source>
            <translation>Nouveau conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="277" />
            <source>Remo&amp;ve</source>
            <translation>Reti&amp;rer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="278" />
            <source>Remove the agent</source>
            <translation>Retirer le conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="308" />
            <source>&amp;Revert</source>
            <translation>Annuler les &amp;modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="309" />
            <source>Revert the agent's changes</source>
            <translation>Annuler les modifications du conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="310" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="311" />
            <source>Save the agent</source>
            <translation>Enregistrer le conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="321" />
            <source>Profile</source>
            <translation>Profil</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="333" />
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="333" />
            <location filename="../../app/views/admin/agents_page.py" line="439" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="335" />
            <source>&amp;E-mail:</source>
            <translation>C&amp;ourriel :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="335" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="335" />
            <source>name@example.com</source>
            <translation>nom@exemple.com</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="337" />
            <source>&amp;Phone:</source>
            <translation>&amp;Téléphone :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="337" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="339" />
            <source>Bio</source>
            <translation>Biographie</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="343" />
            <source>&amp;Bio:</source>
            <translation>&amp;Biographie :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="348" />
            <source>&amp;Meeting link:</source>
            <translation>&amp;Lien de réunion :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="348" />
            <source>Meeting link</source>
            <translation>Lien de réunion</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="352" />
            <source>Colour</source>
            <translation>Couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="353" />
            <source>#rrggbb, or empty</source>
            <translation>#rrvvbb, ou vide</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="357" />
            <source>Choose…</source>
            <translation>Choisir…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="358" />
            <source>Choose a colour</source>
            <translation>Choisir une couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="362" />
            <source>&amp;Colour:</source>
            <translation>Co&amp;uleur :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="366" />
            <source>Ac&amp;tive: can be given new appointments</source>
            <translation>Acti&amp;f : peut recevoir de nouveaux rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="367" />
            <source>Active</source>
            <translation>Actif</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="369" />
            <source>the agent's booking page</source>
            <translation>la page de réservation du conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="370" />
            <source>Booking page:</source>
            <translation>Page de réservation :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="376" />
            <source>Services the agent gives</source>
            <translation>Services offerts par le conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="392" />
            <location filename="../../app/views/admin/agents_page.py" line="398" />
            <source>Working hours</source>
            <translation>Heures de travail</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="397" />
            <location filename="../../app/views/admin/agents_page.py" line="468" />
            <source>Start</source>
            <translation>Début</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="397" />
            <location filename="../../app/views/admin/agents_page.py" line="468" />
            <source>End</source>
            <translation>Fin</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="397" />
            <source>Only for</source>
            <translation>Seulement pour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="410" />
            <source>Add hours</source>
            <translation>Ajouter des heures</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="410" />
            <source>Remove hours</source>
            <translation>Retirer les heures</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="419" />
            <source>The selected hours are only for (none ticked: all the agent's services):</source>
            <translation>Les heures sélectionnées sont seulement pour (aucune case cochée : tous les services du conseiller) :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="428" />
            <source>Times as 09:00; "24:00" for midnight. Two rows make a lunch break.</source>
            <translation>Heures au format 09:00; « 24:00 » pour minuit. Deux lignes font une pause du midi.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="436" />
            <location filename="../../app/views/admin/agents_page.py" line="439" />
            <source>Days off</source>
            <translation>Jours de congé</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="439" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="439" />
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="453" />
            <source>Add days off</source>
            <translation>Ajouter des jours de congé</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="453" />
            <source>Remove days off</source>
            <translation>Retirer les jours de congé</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="465" />
            <location filename="../../app/views/admin/agents_page.py" line="468" />
            <source>Blocked times</source>
            <translation>Plages bloquées</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="468" />
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="485" />
            <source>Add blocked time</source>
            <translation>Ajouter une plage bloquée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="485" />
            <source>Remove blocked time</source>
            <translation>Retirer la plage bloquée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="500" />
            <location filename="../../app/views/admin/agents_page.py" line="503" />
            <source>Repeating availability periods</source>
            <translation>Périodes de disponibilité récurrentes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="509" />
            <source>Add period…</source>
            <translation>Ajouter une période…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="510" />
            <source>Add a repeating availability period</source>
            <translation>Ajouter une période de disponibilité récurrente</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="511" />
            <source>Edit period…</source>
            <translation>Modifier la période…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="512" />
            <source>Edit the selected period</source>
            <translation>Modifier la période sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="513" />
            <location filename="../../app/views/admin/agents_page.py" line="1289" />
            <source>Remove period</source>
            <translation>Retirer la période</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="514" />
            <source>Remove the selected period</source>
            <translation>Retirer la période sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="599" />
            <source>%1 (inactive)</source>
            <translation>%1 (inactif)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="601" />
            <source>Kept for past appointments; gets no new ones.</source>
            <translation>Conservé pour les rendez-vous passés; n'en reçoit plus de nouveaux.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="619" />
            <source>Gives %1</source>
            <translation>Offre %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="625" />
            <source>Selected hours only for %1</source>
            <translation>Heures sélectionnées seulement pour %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="703" />
            <source>Wall-clock times in %1.</source>
            <translation>Heures locales de %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="720" />
            <source>The agent is inactive, so the page takes no bookings.</source>
            <translation>Le conseiller est inactif : sa page ne prend aucune réservation.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="722" />
            <source>The agent gives no service yet, so the page offers nothing to book.</source>
            <translation>Le conseiller n'offre encore aucun service : sa page n'offre rien à réserver.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="761" />
            <source>All services</source>
            <translation>Tous les services</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="853" />
            <source>Agent's colour</source>
            <translation>Couleur du conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="951" />
            <source>Save the new agent first to add periods.</source>
            <translation>Enregistrez d'abord le nouveau conseiller pour ajouter des périodes.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="971" />
            <source>the new agent</source>
            <translation>le nouveau conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="974" />
            <source>Unsaved changes</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="975" />
            <source>Discard the changes to %1?</source>
            <translation>Abandonner les modifications de %1?</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1035" />
            <source>Row %1: %2</source>
            <translation>Ligne %1 : %2</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1053" />
            <source>Nothing was saved: see the problems marked above.</source>
            <translation>Rien n'a été enregistré : voyez les problèmes indiqués ci-dessus.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1087" />
            <source>%1 saved.</source>
            <translation>%1 enregistré.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1120" />
            <source>%1 has no appointments and no linked calendar, and will be deleted with their hours, days off, blocked times and availability periods.</source>
            <translation>%1 n'a aucun rendez-vous ni calendrier lié et sera supprimé avec ses heures, jours de congé, plages bloquées et périodes de disponibilité.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1125" />
            <source>%1 has appointments or a linked calendar, so %1 will be kept as inactive: past and booked appointments stay, no new ones can be made, and their availability periods are removed.</source>
            <translation>%1 a des rendez-vous ou un calendrier lié; %1 sera donc conservé comme inactif : les rendez-vous passés et réservés restent, aucun nouveau ne peut être pris et ses périodes de disponibilité sont retirées.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1131" />
            <source>Remove agent</source>
            <translation>Retirer le conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1150" />
            <source>%1 is now inactive.</source>
            <translation>%1 est maintenant inactif.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1150" />
            <source>%1 deleted.</source>
            <translation>%1 supprimé.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1183" />
            <source>all services</source>
            <translation>tous les services</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1251" />
            <source>This period was changed at another desk meanwhile. Close this window and open the period again to see it as it is now.</source>
            <translation>Cette période a été modifiée à un autre poste entre-temps. Fermez cette fenêtre et rouvrez la période pour la voir telle qu'elle est maintenant.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1268" />
            <source>Period saved.</source>
            <translation>Période enregistrée.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1290" />
            <source>Remove this availability period?
%1</source>
            <translation>Retirer cette période de disponibilité?
%1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="1310" />
            <source>Period removed.</source>
            <translation>Période retirée.</translation>
        </message>
    </context>
    <context>
        <name>AppointmentDetailsDialog</name>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="303" />
            <source>Appointment</source>
            <translation>Rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="319" />
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="328" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="340" />
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="341" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="597" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="342" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="343" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="344" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="345" />
            <source>Source</source>
            <translation>Origine</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="346" />
            <source>Fields</source>
            <translation>Champs</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="347" />
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="362" />
            <source>History</source>
            <translation>Historique</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="367" />
            <source>Status history, newest first</source>
            <translation>Historique des statuts, du plus récent au plus ancien</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="383" />
            <source>Change</source>
            <translation>Modifier</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="386" />
            <source>&amp;Reason</source>
            <translation>&amp;Motif</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="389" />
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="390" />
            <source>Why? (needed to cancel or to move)</source>
            <translation>Pourquoi? (requis pour annuler ou déplacer)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="396" />
            <source>Re&amp;schedule…</source>
            <translation>&amp;Déplacer…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="398" />
            <source>Reschedule</source>
            <translation>Déplacer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="400" />
            <source>&amp;Cancel appointment</source>
            <translation>Annuler le &amp;rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="401" />
            <source>Cancel appointment</source>
            <translation>Annuler le rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="403" />
            <source>&amp;No-show</source>
            <translation>&amp;Absent</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="404" />
            <source>Mark as no-show</source>
            <translation>Marquer comme absent</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="406" />
            <source>Co&amp;mpleted</source>
            <translation>&amp;Terminé</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="407" />
            <source>Mark as completed</source>
            <translation>Marquer comme terminé</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="410" />
            <source>Other s&amp;tatus</source>
            <translation>Autre &amp;statut</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="411" />
            <source>Other status</source>
            <translation>Autre statut</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="435" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="436" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="450" />
            <source>Agent for the new time</source>
            <translation>Conseiller pour la nouvelle heure</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="453" />
            <source>Free times from</source>
            <translation>Heures libres à partir du</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="457" />
            <source>Earlier</source>
            <translation>Plus tôt</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="459" />
            <source>Earlier times</source>
            <translation>Heures plus tôt</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="461" />
            <source>Later</source>
            <translation>Plus tard</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="463" />
            <source>Later times</source>
            <translation>Heures plus tard</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="465" />
            <source>A&amp;gent</source>
            <translation>Co&amp;nseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="467" />
            <source>&amp;From</source>
            <translation>À &amp;partir du</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="479" />
            <source>Free times</source>
            <translation>Heures libres</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="484" />
            <source>No free time for this agent in the bookable period.</source>
            <translation>Aucune heure libre pour ce conseiller dans la période réservable.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="487" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="489" />
            <source>Move to the selected time</source>
            <translation>Déplacer à l'heure sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="494" />
            <source>Another date and time</source>
            <translation>Autre date et heure</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="499" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="501" />
            <source>Move to this date and time</source>
            <translation>Déplacer à cette date et heure</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="507" />
            <source>or &amp;at</source>
            <translation>ou l&amp;e</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="532" />
            <source>Appointment — %1, %2</source>
            <translation>Rendez-vous — %1, %2</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="539" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="540" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="548" />
            <location filename="../../app/views/dialogs/appointment_details.py" line="550" />
            <source>—</source>
            <translation>—</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="545" />
            <source>Not assigned</source>
            <translation>Non attribué</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="596" />
            <source>Walk-in</source>
            <translation>Sans rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="598" />
            <source>At the desk</source>
            <translation>Au comptoir</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="599" />
            <source>Booked online</source>
            <translation>Réservé en ligne</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="600" />
            <source>From an agent's calendar</source>
            <translation>Du calendrier d'un conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="601" />
            <source>Imported</source>
            <translation>Importé</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="713" />
            <source>The appointment is cancelled.</source>
            <translation>Le rendez-vous est annulé.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="722" />
            <source>Marked as no-show.</source>
            <translation>Marqué comme absent.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="731" />
            <source>Marked as completed.</source>
            <translation>Marqué comme terminé.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="744" />
            <source>The status is now %1.</source>
            <translation>Le statut est maintenant %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="753" />
            <source>Choose one of the free times first, or type a date and time.</source>
            <translation>Choisissez d'abord une des heures libres, ou tapez une date et une heure.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="796" />
            <source>Moved to %1.</source>
            <translation>Déplacé au %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="812" />
            <source>Saving…</source>
            <translation>Enregistrement…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="848" />
            <source>The change could not be saved because of an unexpected problem (it has been logged). Nothing was changed; try again, or call for help if it happens again.</source>
            <translation>La modification n'a pas pu être enregistrée à cause d'un problème inattendu (il a été consigné). Rien n'a changé; réessayez, ou demandez de l'aide si cela se reproduit.</translation>
        </message>
    </context>
    <context>
        <name>ApprovalModel</name>
        <message>
            <location filename="../../app/views/models/approvals.py" line="61" />
            <source>Requested</source>
            <translation>Demandé</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="62" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="63" />
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="64" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="65" />
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="66" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="98" />
            <source>%1, self-service</source>
            <translation>%1, libre-service</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="106" />
            <source>(any agent)</source>
            <translation>(n'importe quel conseiller)</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="113" />
            <source>Requested by the customer on the self-service booking pages</source>
            <translation>Demandé par le client sur les pages de réservation en libre-service</translation>
        </message>
        <message>
            <location filename="../../app/views/models/approvals.py" line="118" />
            <source>Already confirmed</source>
            <translation>Déjà confirmé</translation>
        </message>
    </context>
    <context>
        <name>ApprovalQueue</name>
        <message>
            <location filename="../../app/views/approvals.py" line="91" />
            <source>The branch %1 no longer exists.</source>
            <translation>La succursale %1 n'existe plus.</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="128" />
            <source>Approval queue</source>
            <translation>File d'approbation</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="130" />
            <source>Requests awaiting confirmation</source>
            <translation>Demandes en attente de confirmation</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="135" />
            <source>Requests waiting</source>
            <translation>Demandes en attente</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="136" />
            <source>Show con&amp;firmed</source>
            <translation>Afficher les con&amp;firmés</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="137" />
            <source>Show confirmed appointments</source>
            <translation>Afficher les rendez-vous confirmés</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="139" />
            <source>Re&amp;fresh</source>
            <translation>Act&amp;ualiser</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="140" />
            <source>Refresh the queue</source>
            <translation>Actualiser la file</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="146" />
            <source>Requests</source>
            <translation>Demandes</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="160" />
            <source>&amp;Confirm</source>
            <translation>&amp;Confirmer</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="161" />
            <source>Confirm the request</source>
            <translation>Confirmer la demande</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="163" />
            <location filename="../../app/views/approvals.py" line="349" />
            <source>Confirm &amp;selected</source>
            <translation>Confirmer la &amp;sélection</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="164" />
            <source>Confirm the selected requests</source>
            <translation>Confirmer les demandes sélectionnées</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="167" />
            <source>Reason (the customer is told)</source>
            <translation>Motif (communiqué au client)</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="168" />
            <source>Reason for rejecting or moving</source>
            <translation>Motif du refus ou du déplacement</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="171" />
            <source>&amp;Reject</source>
            <translation>&amp;Refuser</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="172" />
            <source>Reject the request with the reason</source>
            <translation>Refuser la demande avec le motif</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="175" />
            <source>&amp;Move to</source>
            <translation>&amp;Passer à</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="176" />
            <source>Move the request to another status</source>
            <translation>Passer la demande à un autre statut</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="179" />
            <source>Statuses</source>
            <translation>Statuts</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="184" />
            <source>History of the selected request</source>
            <translation>Historique de la demande sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="186" />
            <source>Status history</source>
            <translation>Historique des statuts</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="189" />
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="189" />
            <source>Change</source>
            <translation>Modifier</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="189" />
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="189" />
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/approvals.py" line="273" />
            <source>%n request(s) not confirmed in time were cancelled.</source>
            <translation>
                <numerusform>%n demande non confirmée à temps a été annulée.</numerusform>
                <numerusform>%n demandes non confirmées à temps ont été annulées.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/approvals.py" line="312" />
            <source>(%n waiting)</source>
            <translation>
                <numerusform>(%n en attente)</numerusform>
                <numerusform>(%n en attente)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="312" />
            <source>(none waiting)</source>
            <translation>(aucune en attente)</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/approvals.py" line="347" />
            <source>Confirm &amp;selected (%n)</source>
            <translation>
                <numerusform>Confirmer la &amp;sélection (%n)</numerusform>
                <numerusform>Confirmer la &amp;sélection (%n)</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="374" />
            <source>New: </source>
            <translation>Nouveau : </translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="403" />
            <source>Confirmed: %1, %2.</source>
            <translation>Confirmé : %1, %2.</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="418" />
            <source>Rejected: %1.</source>
            <translation>Refusé : %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="438" />
            <source>Moved: %1.</source>
            <translation>Déplacé : %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="454" />
            <source>Confirmed %1 of %2.</source>
            <translation>%1 confirmé(s) sur %2.</translation>
        </message>
        <message>
            <location filename="../../app/views/approvals.py" line="512" />
            <source>Something went wrong; the queue could not be updated. Try again.</source>
            <translation>Un problème est survenu; la file n'a pas pu être mise à jour. Réessayez.</translation>
        </message>
    </context>
    <context>
        <name>AuditTableModel</name>
        <message>
            <location filename="../../app/views/models/audit.py" line="79" />
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <location filename="../../app/views/models/audit.py" line="80" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/models/audit.py" line="81" />
            <source>Action</source>
            <translation>Action</translation>
        </message>
        <message>
            <location filename="../../app/views/models/audit.py" line="82" />
            <source>Entity</source>
            <translation>Élément</translation>
        </message>
        <message>
            <location filename="../../app/views/models/audit.py" line="83" />
            <source>Changed</source>
            <translation>Modifié</translation>
        </message>
    </context>
    <context>
        <name>AuditView</name>
        <message>
            <location filename="../../app/views/audit_view.py" line="100" />
            <source>Audit trail</source>
            <translation>Journal d'audit</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="102" />
            <source>From day</source>
            <translation>Du jour</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="103" />
            <source>To day</source>
            <translation>Au jour</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="105" />
            <source>username</source>
            <translation>nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="106" />
            <source>User</source>
            <translation>Utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="109" />
            <source>Entity type</source>
            <translation>Type d'élément</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="110" />
            <source>Any</source>
            <translation>Tous</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="117" />
            <source>search who, action and values</source>
            <translation>chercher l'auteur, l'action et les valeurs</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="118" />
            <source>Search text</source>
            <translation>Texte recherché</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="120" />
            <source>Export CSV…</source>
            <translation>Exporter en CSV…</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="121" />
            <source>Export the matching entries as CSV</source>
            <translation>Exporter les entrées correspondantes en CSV</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="123" />
            <source>Audit status</source>
            <translation>État de l'audit</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="128" />
            <source>&amp;From:</source>
            <translation>&amp;Du :</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="129" />
            <source>&amp;To:</source>
            <translation>&amp;Au :</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="130" />
            <source>&amp;User:</source>
            <translation>&amp;Utilisateur :</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="131" />
            <source>&amp;Entity:</source>
            <translation>É&amp;lément :</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="132" />
            <source>&amp;Search:</source>
            <translation>&amp;Rechercher :</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="143" />
            <source>Audit entries</source>
            <translation>Entrées du journal d'audit</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="154" />
            <location filename="../../app/views/audit_view.py" line="351" />
            <source>Select an entry to see its values before and after.</source>
            <translation>Sélectionnez une entrée pour voir ses valeurs avant et après.</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="155" />
            <source>Selected entry</source>
            <translation>Entrée sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="158" />
            <source>Values before and after</source>
            <translation>Valeurs avant et après</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="160" />
            <source>Field</source>
            <translation>Champ</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="160" />
            <source>Before</source>
            <translation>Avant</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="160" />
            <source>After</source>
            <translation>Après</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="217" />
            <source>any day</source>
            <translation>n'importe quel jour</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="294" />
            <source>The audit trail could not be read. Try again.</source>
            <translation>Le journal d'audit n'a pas pu être lu. Réessayez.</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="306" />
            <source>1 matching entry (times in %1).</source>
            <translation>1 entrée correspondante (heures de %1).</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="308" />
            <source>%2 matching entries, newest first (times in %1).</source>
            <translation>%2 entrées correspondantes, de la plus récente à la plus ancienne (heures de %1).</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="312" />
            <source>No audit entries match these filters (times in %1).</source>
            <translation>Aucune entrée du journal ne correspond à ces filtres (heures de %1).</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="356" />
            <source>%1 — %2 — %3 — %4</source>
            <translation>%1 — %2 — %3 — %4</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="388" />
            <source>Export the audit trail</source>
            <translation>Exporter le journal d'audit</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="390" />
            <source>CSV files (*.csv)</source>
            <translation>Fichiers CSV (*.csv)</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="405" />
            <source>Cannot write %1: %2</source>
            <translation>Impossible d'écrire %1 : %2</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="413" />
            <source>Exported 1 entry to %1.</source>
            <translation>1 entrée exportée vers %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/audit_view.py" line="415" />
            <source>Exported %2 entries to %1.</source>
            <translation>%2 entrées exportées vers %1.</translation>
        </message>
    </context>
    <context>
        <name>BookingPanel</name>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="212" />
            <source>Book an appointment — %1</source>
            <translation>Prendre un rendez-vous — %1</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="240" />
            <source>Name, phone or e-mail</source>
            <translation>Nom, téléphone ou courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="241" />
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="243" />
            <source>Type to search; Down and Up move in the results, Enter picks.</source>
            <translation>Tapez pour chercher; Bas et Haut parcourent les résultats, Entrée choisit.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="251" />
            <source>Matching customers</source>
            <translation>Clients correspondants</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="279" />
            <source>&amp;Customer</source>
            <translation>C&amp;lient</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="285" />
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="289" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="293" />
            <source>Your role may not choose the agent; the branch assigns one.</source>
            <translation>Votre rôle ne permet pas de choisir le conseiller; la succursale en attribue un.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="295" />
            <source>&amp;Service</source>
            <translation>&amp;Service</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="296" />
            <source>&amp;Agent</source>
            <translation>Co&amp;nseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="300" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="305" />
            <source>Free times from</source>
            <translation>Heures libres à partir du</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="312" />
            <source>&amp;From</source>
            <translation>À &amp;partir du</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="314" />
            <source>&amp;Earlier</source>
            <translation>Plus &amp;tôt</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="315" />
            <source>Earlier times</source>
            <translation>Heures plus tôt</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="317" />
            <source>&amp;Later</source>
            <translation>Plus t&amp;ard</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="318" />
            <source>Later times</source>
            <translation>Heures plus tard</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="328" />
            <source>Free times</source>
            <translation>Heures libres</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="344" />
            <source>Details</source>
            <translation>Détails</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="356" />
            <source>Repeat</source>
            <translation>Répétition</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="358" />
            <source>Does not repeat</source>
            <translation>Ne se répète pas</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="359" />
            <source>Every week</source>
            <translation>Chaque semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="360" />
            <source>Every 2 weeks</source>
            <translation>Toutes les 2 semaines</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="361" />
            <source>Every month</source>
            <translation>Chaque mois</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="367" />
            <source>Number of appointments</source>
            <translation>Nombre de rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="370" />
            <source> times</source>
            <translation> fois</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="377" />
            <source>&amp;Repeat</source>
            <translation>Répét&amp;er</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="382" />
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="385" />
            <source>&amp;Notes</source>
            <translation>N&amp;otes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="388" />
            <source>Source</source>
            <translation>Origine</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="390" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="391" />
            <source>Walk-in</source>
            <translation>Sans rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="392" />
            <source>At the desk</source>
            <translation>Au comptoir</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="396" />
            <source>S&amp;ource</source>
            <translation>Ori&amp;gine</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="397" />
            <source>* required</source>
            <translation>* obligatoire</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="411" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="412" />
            <source>Close without booking</source>
            <translation>Fermer sans réserver</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="414" />
            <source>&amp;Book</source>
            <translation>&amp;Réserver</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="416" />
            <source>Book the selected time</source>
            <translation>Réserver l'heure sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="417" />
            <source>Book the selected time (Enter)</source>
            <translation>Réserver l'heure sélectionnée (Entrée)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="425" />
            <source>New customer</source>
            <translation>Nouveau client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="430" />
            <source>New customer's name</source>
            <translation>Nom du nouveau client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="432" />
            <source>New customer's phone</source>
            <translation>Téléphone du nouveau client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="435" />
            <source>New customer's e-mail</source>
            <translation>Courriel du nouveau client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="442" />
            <source>Na&amp;me *</source>
            <translation>No&amp;m *</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="443" />
            <source>&amp;Phone *</source>
            <translation>&amp;Téléphone *</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="443" />
            <source>&amp;Phone</source>
            <translation>&amp;Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="444" />
            <source>E-ma&amp;il *</source>
            <translation>Co&amp;urriel *</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="444" />
            <source>E-ma&amp;il</source>
            <translation>Co&amp;urriel</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="454" />
            <source>A phone number or an e-mail address is needed.</source>
            <translation>Un numéro de téléphone ou une adresse courriel est requis.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="470" />
            <source>This branch offers no service to book yet.</source>
            <translation>Cette succursale n'offre encore aucun service à réserver.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="604" />
            <source>✓ %1</source>
            <translation>✓ %1</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="606" />
            <source>Chosen customer</source>
            <translation>Client choisi</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="670" />
            <source>Any agent</source>
            <translation>N'importe quel conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="701" />
            <source>%1 (required)</source>
            <translation>%1 (obligatoire)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="858" />
            <source>No free time for %1 in the bookable period.</source>
            <translation>Aucune heure libre pour %1 dans la période réservable.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="900" />
            <source>Choose a time in the list of free times first.</source>
            <translation>Choisissez d'abord une heure dans la liste des heures libres.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="932" />
            <source>Booking…</source>
            <translation>Réservation…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/booking_panel.py" line="985" />
            <source>The booking could not be saved because of an unexpected problem (it has been logged). Nothing was booked; try again, or call for help if it happens again.</source>
            <translation>La réservation n'a pas pu être enregistrée à cause d'un problème inattendu (il a été consigné). Rien n'a été réservé; réessayez, ou demandez de l'aide si cela se reproduit.</translation>
        </message>
    </context>
    <context>
        <name>BranchPage</name>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="132" />
            <source>Branch</source>
            <translation>Succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="151" />
            <source>Branch name</source>
            <translation>Nom de la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="154" />
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="160" />
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="170" />
            <source>Every time of the branch is read in this zone. Type part of a name, such as Toronto.</source>
            <translation>Toutes les heures de la succursale sont lues dans ce fuseau. Tapez une partie d'un nom, comme Toronto.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="175" />
            <source>&amp;Time zone:</source>
            <translation>&amp;Fuseau horaire :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="177" />
            <source>Theme colour</source>
            <translation>Couleur du thème</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="180" />
            <source>The branch's colour in the desk window.</source>
            <translation>La couleur de la succursale dans la fenêtre du poste.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="182" />
            <source>Theme &amp;colour:</source>
            <translation>&amp;Couleur du thème :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="192" />
            <source>Logo preview</source>
            <translation>Aperçu du logo</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="193" />
            <source>Choose &amp;image…</source>
            <translation>Choisir une &amp;image…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="194" />
            <source>Choose a logo image</source>
            <translation>Choisir une image de logo</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="196" />
            <source>Remove logo</source>
            <translation>Retirer le logo</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="197" />
            <source>Remove the logo</source>
            <translation>Retirer le logo</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="209" />
            <source>PNG, JPEG, GIF, WebP or SVG, at most 1 MiB; stored in the database.</source>
            <translation>PNG, JPEG, GIF, WebP ou SVG, 1 Mio au plus; enregistré dans la base de données.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="212" />
            <source>Logo:</source>
            <translation>Logo :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="215" />
            <source>Greeting</source>
            <translation>Message d'accueil</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="220" />
            <source>Shown to customers on the booking pages.</source>
            <translation>Affiché aux clients sur les pages de réservation.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="222" />
            <source>&amp;Greeting:</source>
            <translation>Messa&amp;ge d'accueil :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="224" />
            <source>the branch's booking page</source>
            <translation>la page de réservation de la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="225" />
            <source>Booking page:</source>
            <translation>Page de réservation :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="237" />
            <source>No appointment can be booked on these days.</source>
            <translation>Aucun rendez-vous ne peut être pris ces jours-là.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="239" />
            <source>Closed on:</source>
            <translation>Fermé le :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="246" />
            <source>Holidays</source>
            <translation>Jours fériés</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="248" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="248" />
            <source>To (same day: one day)</source>
            <translation>Au (même jour : une journée)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="248" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="260" />
            <source>&amp;Add holiday</source>
            <translation>&amp;Ajouter un jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="261" />
            <source>Add a holiday</source>
            <translation>Ajouter un jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="263" />
            <source>Remove holiday</source>
            <translation>Retirer le jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="264" />
            <source>Remove the selected holiday</source>
            <translation>Retirer le jour férié sélectionné</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="272" />
            <source>No appointment can be booked on these dates, both ends included.</source>
            <translation>Aucun rendez-vous ne peut être pris à ces dates, bornes incluses.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="275" />
            <source>Holidays:</source>
            <translation>Jours fériés :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="279" />
            <source>&amp;Revert</source>
            <translation>Annuler les &amp;modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="280" />
            <source>Revert the changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="282" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="283" />
            <source>Save the branch</source>
            <translation>Enregistrer la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="337" />
            <source>Closed on %1</source>
            <translation>Fermé le %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="417" />
            <source>Holiday first day</source>
            <translation>Premier jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="420" />
            <source>Holiday last day</source>
            <translation>Dernier jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="423" />
            <source>Holiday name</source>
            <translation>Nom du jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="424" />
            <source>Optional, such as Christmas Day</source>
            <translation>Facultatif, comme Noël</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="485" />
            <source>Select the holiday to remove first.</source>
            <translation>Sélectionnez d'abord le jour férié à retirer.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="495" />
            <source>Choose the branch's logo</source>
            <translation>Choisir le logo de la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="497" />
            <source>Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)</source>
            <translation>Images (*.png *.jpg *.jpeg *.gif *.webp *.svg)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="512" />
            <source>%1 is %2 KiB; a logo may be at most 1024 KiB (1 MiB).</source>
            <translation>%1 fait %2 Kio; un logo peut faire au plus 1024 Kio (1 Mio).</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="520" />
            <source>%1 cannot be read: %2</source>
            <translation>Impossible de lire %1 : %2</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="532" />
            <source>No logo</source>
            <translation>Aucun logo</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="545" />
            <source>(cannot be shown)</source>
            <translation>(ne peut être affiché)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="581" />
            <source>The branch is saved.</source>
            <translation>La succursale est enregistrée.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="596" />
            <source>The branch could not be saved because of an unexpected error; it is logged.</source>
            <translation>La succursale n'a pas pu être enregistrée à cause d'une erreur inattendue; elle a été consignée.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/branch_page.py" line="611" />
            <source>Row %1: %2</source>
            <translation>Ligne %1 : %2</translation>
        </message>
    </context>
    <context>
        <name>ColorPicker</name>
        <message>
            <location filename="../../app/views/admin/forms.py" line="131" />
            <source>Colour</source>
            <translation>Couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/forms.py" line="136" />
            <source>No colour</source>
            <translation>Aucune couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/forms.py" line="138" />
            <source>Remove the colour</source>
            <translation>Retirer la couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/forms.py" line="140" />
            <source>remove the colour</source>
            <translation>retirer la couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/forms.py" line="173" />
            <source>Choose a colour…</source>
            <translation>Choisir une couleur…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/forms.py" line="182" />
            <source>no colour</source>
            <translation>aucune couleur</translation>
        </message>
    </context>
    <context>
        <name>CustomerEditDialog</name>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="58" />
            <source>New customer</source>
            <translation>Nouveau client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="58" />
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="60" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="62" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="64" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="66" />
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="72" />
            <source>&amp;Name</source>
            <translation>&amp;Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="73" />
            <source>&amp;Phone</source>
            <translation>&amp;Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="74" />
            <source>&amp;E-mail</source>
            <translation>&amp;Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="75" />
            <source>N&amp;otes</source>
            <translation>N&amp;otes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="85" />
            <source>Problem with %1</source>
            <translation>Problème avec %1</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="94" />
            <source>Problem</source>
            <translation>Problème</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_edit.py" line="100" />
            <source>Save customer</source>
            <translation>Enregistrer le client</translation>
        </message>
    </context>
    <context>
        <name>CustomerImportDialog</name>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="105" />
            <source>Line %1: the file is not valid CSV (%2).</source>
            <translation>Ligne %1 : le fichier n'est pas un CSV valide (%2).</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="114" />
            <source>The file is empty: there is not even a header line.</source>
            <translation>Le fichier est vide : il n'y a même pas de ligne d'en-tête.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="167" />
            <location filename="../../app/views/dialogs/customer_import.py" line="250" />
            <source>Import customers</source>
            <translation>Importer des clients</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="181" />
            <source>File to import</source>
            <translation>Fichier à importer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="182" />
            <source>A CSV (.csv) or vCard (.vcf) file</source>
            <translation>Un fichier CSV (.csv) ou vCard (.vcf)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="183" />
            <source>&amp;Choose file…</source>
            <translation>&amp;Choisir un fichier…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="184" />
            <source>Choose file</source>
            <translation>Choisir un fichier</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="189" />
            <source>Preview of the file</source>
            <translation>Aperçu du fichier</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="197" />
            <source>Result</source>
            <translation>Résultat</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="199" />
            <source>Rows that cannot be imported</source>
            <translation>Lignes qui ne peuvent pas être importées</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="201" />
            <source>Where</source>
            <translation>Où</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="201" />
            <source>Why</source>
            <translation>Pourquoi</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="204" />
            <source>&amp;Skip rows that cannot be imported</source>
            <translation>&amp;Ignorer les lignes qui ne peuvent pas être importées</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="205" />
            <source>Skip rows that cannot be imported</source>
            <translation>Ignorer les lignes qui ne peuvent pas être importées</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="207" />
            <source>Import progress</source>
            <translation>Progression de l'importation</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="209" />
            <source>C&amp;heck</source>
            <translation>&amp;Vérifier</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="210" />
            <source>Check the file without importing</source>
            <translation>Vérifier le fichier sans importer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="212" />
            <source>&amp;Import</source>
            <translation>I&amp;mporter</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="213" />
            <source>Import</source>
            <translation>Importer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="215" />
            <location filename="../../app/views/dialogs/customer_import.py" line="216" />
            <location filename="../../app/views/dialogs/customer_import.py" line="528" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="252" />
            <source>Address books (*.csv *.txt *.tsv *.vcf *.vcard);;All files (*)</source>
            <translation>Carnets d'adresses (*.csv *.txt *.tsv *.vcf *.vcard);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="289" />
            <source>Choose what each column holds. Columns set to “Ignore” are not read.</source>
            <translation>Choisissez ce que contient chaque colonne. Les colonnes réglées à « Ignorer » ne sont pas lues.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="296" />
            <source>Column %1 holds</source>
            <translation>La colonne %1 contient</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="314" />
            <source>A vCard file names what each value is; nothing needs to be mapped.</source>
            <translation>Un fichier vCard nomme chaque valeur; rien n'est à associer.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="318" />
            <location filename="../../app/views/dialogs/customer_import.py" line="327" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="318" />
            <location filename="../../app/views/dialogs/customer_import.py" line="330" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="318" />
            <location filename="../../app/views/dialogs/customer_import.py" line="331" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="328" />
            <source>First name</source>
            <translation>Prénom</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="329" />
            <source>Last name</source>
            <translation>Nom de famille</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="332" />
            <source>Notes</source>
            <translation>Notes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="333" />
            <source>Custom field “%1”</source>
            <translation>Champ personnalisé « %1 »</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="334" />
            <source>Ignore</source>
            <translation>Ignorer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="356" />
            <source>Mapping changed: check the file again.</source>
            <translation>Association modifiée : vérifiez le fichier de nouveau.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="420" />
            <source>Checking the file…</source>
            <translation>Vérification du fichier…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="420" />
            <source>Importing…</source>
            <translation>Importation…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="434" />
            <source>Cancelling…</source>
            <translation>Annulation…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="445" />
            <source>Importing… %1 customers</source>
            <translation>Importation… %1 clients</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="454" />
            <source>Checking… %1 of %2 rows</source>
            <translation>Vérification… %1 lignes sur %2</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="469" />
            <source>Check cancelled: nothing was written.</source>
            <translation>Vérification annulée : rien n'a été écrit.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="471" />
            <source>Import cancelled: no customer was imported.</source>
            <translation>Importation annulée : aucun client n'a été importé.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="480" />
            <source>The import failed: %1</source>
            <translation>L'importation a échoué : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="488" />
            <source>rows</source>
            <translation>lignes</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="488" />
            <source>cards</source>
            <translation>fiches</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="491" />
            <source>Check: %1 of %2 %3 can be imported; %4 cannot.</source>
            <translation>Vérification : %1 %3 sur %2 peuvent être importées; %4 ne le peuvent pas.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="499" />
            <source>Imported %1 of %2 %3; %4 skipped.</source>
            <translation>%1 %3 sur %2 importées; %4 ignorées.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/customer_import.py" line="528" />
            <source>Close</source>
            <translation>Fermer</translation>
        </message>
    </context>
    <context>
        <name>CustomerResultsModel</name>
        <message>
            <location filename="../../app/views/models/customers.py" line="114" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customers.py" line="114" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customers.py" line="114" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customers.py" line="121" />
            <source>(deleted customer)</source>
            <translation>(client supprimé)</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customers.py" line="153" />
            <source>New customer…</source>
            <translation>Nouveau client…</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customers.py" line="154" />
            <source>New customer: “%1”…</source>
            <translation>Nouveau client : « %1 »…</translation>
        </message>
    </context>
    <context>
        <name>CustomerTableModel</name>
        <message>
            <location filename="../../app/views/models/customer_table.py" line="363" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customer_table.py" line="363" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customer_table.py" line="363" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/models/customer_table.py" line="363" />
            <source>Created</source>
            <translation>Créé</translation>
        </message>
    </context>
    <context>
        <name>CustomersView</name>
        <message>
            <location filename="../../app/views/customers_view.py" line="165" />
            <source>Search by name, phone or e-mail</source>
            <translation>Chercher par nom, téléphone ou courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="166" />
            <source>Search customers</source>
            <translation>Chercher des clients</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="172" />
            <source>Customers</source>
            <translation>Clients</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="195" />
            <source>&amp;New customer…</source>
            <translation>&amp;Nouveau client…</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="196" />
            <source>&amp;Edit…</source>
            <translation>&amp;Modifier…</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="197" />
            <source>&amp;Delete</source>
            <translation>&amp;Supprimer</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="198" />
            <source>D&amp;uplicates…</source>
            <translation>&amp;Doublons…</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="199" />
            <source>&amp;Import…</source>
            <translation>&amp;Importer…</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="200" />
            <source>Export &amp;CSV…</source>
            <translation>Exporter en &amp;CSV…</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="201" />
            <source>Export &amp;vCard…</source>
            <translation>Exporter en &amp;vCard…</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="215" />
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="218" />
            <location filename="../../app/views/customers_view.py" line="393" />
            <source>Select a customer to see their appointments.</source>
            <translation>Sélectionnez un client pour voir ses rendez-vous.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="221" />
            <source>Appointment history</source>
            <translation>Historique des rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="224" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="224" />
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="224" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="224" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="334" />
            <source>The search failed: %1</source>
            <translation>La recherche a échoué : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="400" />
            <source>This customer no longer exists.</source>
            <translation>Ce client n'existe plus.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="408" />
            <source>%1: %2 appointment(s)</source>
            <translation>%1 : %2 rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="411" />
            <source>%1: no appointments yet</source>
            <translation>%1 : aucun rendez-vous pour l'instant</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="420" />
            <source>%1 (archived)</source>
            <translation>%1 (archivé)</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="421" />
            <source>(any)</source>
            <translation>(tous)</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="431" />
            <source>Archived: kept in the history, no longer on the calendar.</source>
            <translation>Archivé : conservé dans l'historique, n'est plus au calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="487" />
            <source>Delete customer</source>
            <translation>Supprimer le client</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="488" />
            <source>Delete %1 from the address book?</source>
            <translation>Supprimer %1 du carnet d'adresses?</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="502" />
            <source>The customer was deleted.</source>
            <translation>Le client a été supprimé.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="527" />
            <source>%1 customer(s) imported.</source>
            <translation>%1 client(s) importé(s).</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="534" />
            <location filename="../../app/views/customers_view.py" line="541" />
            <source>Export customers</source>
            <translation>Exporter les clients</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="534" />
            <source>CSV files (*.csv)</source>
            <translation>Fichiers CSV (*.csv)</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="541" />
            <source>vCard files (*.vcf)</source>
            <translation>Fichiers vCard (*.vcf)</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="568" />
            <source>Customers exported to %1.</source>
            <translation>Clients exportés vers %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="581" />
            <source>The file could not be written: %1</source>
            <translation>Le fichier n'a pas pu être écrit : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="582" />
            <source>The export failed: %1</source>
            <translation>L'exportation a échoué : %1</translation>
        </message>
    </context>
    <context>
        <name>DatabaseDialog</name>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="109" />
            <location filename="../../app/views/dialogs/database_dialog.py" line="135" />
            <source>Where should Front Desk keep its data?</source>
            <translation>Où Front Desk doit-il conserver ses données?</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="111" />
            <source>Where the data lives</source>
            <translation>Emplacement des données</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="127" />
            <source>Problem with %1</source>
            <translation>Problème avec %1</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="137" />
            <source>Where this desk keeps its data</source>
            <translation>Où ce poste conserve ses données</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="143" />
            <source>Heading</source>
            <translation>Titre</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="147" />
            <source>Problem with the settings file</source>
            <translation>Problème avec le fichier de paramètres</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="153" />
            <source>&amp;This computer only</source>
            <translation>&amp;Cet ordinateur seulement</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="154" />
            <source>This computer only</source>
            <translation>Cet ordinateur seulement</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="158" />
            <source>The data stays in one file on this computer (%1). Other desks cannot see it.</source>
            <translation>Les données restent dans un fichier sur cet ordinateur (%1). Les autres postes ne peuvent pas les voir.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="164" />
            <source>&amp;Shared server (PostgreSQL)</source>
            <translation>&amp;Serveur partagé (PostgreSQL)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="165" />
            <source>Shared server</source>
            <translation>Serveur partagé</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="168" />
            <source>Several desks share one database on a PostgreSQL server. Whoever runs the server gives you these details.</source>
            <translation>Plusieurs postes partagent une base de données sur un serveur PostgreSQL. La personne responsable du serveur vous donne ces renseignements.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="182" />
            <source>Server details</source>
            <translation>Renseignements sur le serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="186" />
            <source>Server address</source>
            <translation>Adresse du serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="187" />
            <source>db.branch.example or 10.0.0.5</source>
            <translation>db.succursale.example ou 10.0.0.5</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="191" />
            <source>Port</source>
            <translation>Port</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="193" />
            <source>Database</source>
            <translation>Base de données</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="195" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="198" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="200" />
            <source>Encryption (TLS)</source>
            <translation>Chiffrement (TLS)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="202" />
            <source>Use it when the server offers it</source>
            <translation>L'utiliser si le serveur l'offre</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="203" />
            <source>Required</source>
            <translation>Obligatoire</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="204" />
            <source>Required, and check the server's certificate</source>
            <translation>Obligatoire, et vérifier le certificat du serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="205" />
            <source>Off</source>
            <translation>Désactivé</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="218" />
            <source>Server &amp;address</source>
            <translation>&amp;Adresse du serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="219" />
            <source>&amp;Port</source>
            <translation>&amp;Port</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="220" />
            <source>&amp;Database</source>
            <translation>&amp;Base de données</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="221" />
            <source>&amp;User name</source>
            <translation>Nom d'&amp;utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="222" />
            <source>Pass&amp;word</source>
            <translation>&amp;Mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="223" />
            <source>&amp;Encryption (TLS)</source>
            <translation>C&amp;hiffrement (TLS)</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="236" />
            <source>Test &amp;connection</source>
            <translation>&amp;Tester la connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="237" />
            <source>Test connection</source>
            <translation>Tester la connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="244" />
            <source>Connection test result</source>
            <translation>Résultat du test de connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="250" />
            <source>Move this desk's data</source>
            <translation>Déplacer les données de ce poste</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="254" />
            <source>&amp;Move this desk's data to the server</source>
            <translation>&amp;Déplacer les données de ce poste vers le serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="255" />
            <source>Move this desk's data to the server</source>
            <translation>Déplacer les données de ce poste vers le serveur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="257" />
            <source>S&amp;top moving</source>
            <translation>A&amp;rrêter le déplacement</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="258" />
            <source>Stop moving</source>
            <translation>Arrêter le déplacement</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="267" />
            <source>Copies everything this desk holds into the server's empty database, checks every table's count, then makes this computer use the server.</source>
            <translation>Copie tout ce que contient ce poste dans la base vide du serveur, vérifie le nombre de lignes de chaque table, puis fait utiliser le serveur par cet ordinateur.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="274" />
            <source>Move progress</source>
            <translation>Progression du déplacement</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="279" />
            <source>Move result</source>
            <translation>Résultat du déplacement</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="283" />
            <source>Rows copied per table</source>
            <translation>Lignes copiées par table</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="284" />
            <source>Table</source>
            <translation>Table</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="284" />
            <source>Rows copied</source>
            <translation>Lignes copiées</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="300" />
            <source>Problem</source>
            <translation>Problème</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="304" />
            <source>A changed choice takes effect the next time Front Desk starts.</source>
            <translation>Un changement de choix prend effet au prochain démarrage de Front Desk.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="307" />
            <source>When the change takes effect</source>
            <translation>Quand le changement prend effet</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="315" />
            <source>Save the choice</source>
            <translation>Enregistrer le choix</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="318" />
            <source>Not now</source>
            <translation>Pas maintenant</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="319" />
            <source>Not now: keep the data on this computer</source>
            <translation>Pas maintenant : garder les données sur cet ordinateur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="353" />
            <source>Stored in the system keyring; type to replace it</source>
            <translation>Conservé dans le trousseau du système; tapez pour le remplacer</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="358" />
            <source>Kept in the system keyring</source>
            <translation>Conservé dans le trousseau du système</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="397" />
            <source>Type the server's name or address.</source>
            <translation>Tapez le nom ou l'adresse du serveur.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="398" />
            <source>Type the database's name.</source>
            <translation>Tapez le nom de la base de données.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="399" />
            <source>Type the user name the server knows this desk by.</source>
            <translation>Tapez le nom d'utilisateur sous lequel le serveur connaît ce poste.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="414" />
            <source>A server address has no spaces or slashes, e.g. db.example.</source>
            <translation>Une adresse de serveur n'a ni espace ni barre oblique, p. ex. db.example.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="443" />
            <source>Connecting to %1…</source>
            <translation>Connexion à %1…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="455" />
            <source>It works.</source>
            <translation>Ça fonctionne.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="455" />
            <source>It does not work.</source>
            <translation>Ça ne fonctionne pas.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="461" />
            <source>The test could not run (%1).</source>
            <translation>Le test n'a pas pu être exécuté (%1).</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="493" />
            <source>Preparing the server…</source>
            <translation>Préparation du serveur…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="500" />
            <source>Stopping; the server is being put back as it was…</source>
            <translation>Arrêt en cours; le serveur est remis dans son état d'origine…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="509" />
            <source>Copying %1 (%2 of %3 rows)…</source>
            <translation>Copie de %1 (%2 lignes sur %3)…</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="528" />
            <source>All %1 rows were copied and every table's count matches.</source>
            <translation>Les %1 lignes ont toutes été copiées et le nombre de lignes de chaque table concorde.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="536" />
            <source>This computer now uses %1; restart Front Desk to work on the server.</source>
            <translation>Cet ordinateur utilise maintenant %1; redémarrez Front Desk pour travailler sur le serveur.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="541" />
            <source>The choice could not be saved; see the problem below.</source>
            <translation>Le choix n'a pas pu être enregistré; voyez le problème ci-dessous.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/database_dialog.py" line="550" />
            <source>The move failed (%1); the server was left as it was.</source>
            <translation>Le déplacement a échoué (%1); le serveur a été laissé tel quel.</translation>
        </message>
    </context>
    <context>
        <name>DuplicatesDialog</name>
        <message>
            <location filename="../../app/views/customers_view.py" line="600" />
            <source>Possible duplicates</source>
            <translation>Doublons possibles</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="604" />
            <source>Customers below share a phone number or an e-mail address. Select the record to keep and merge: the others' appointments move to it.</source>
            <translation>Les clients ci-dessous partagent un numéro de téléphone ou une adresse courriel. Sélectionnez la fiche à garder et fusionnez : les rendez-vous des autres y sont transférés.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="610" />
            <source>Duplicate groups</source>
            <translation>Groupes de doublons</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="612" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="612" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="612" />
            <source>E-mail</source>
            <translation>Courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="612" />
            <source>Appointments</source>
            <translation>Rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="618" />
            <source>Message</source>
            <translation>Message</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="619" />
            <source>&amp;Keep selected, merge the others</source>
            <translation>&amp;Garder la sélection, fusionner les autres</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="620" />
            <source>Keep selected, merge the others</source>
            <translation>Garder la sélection, fusionner les autres</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="656" />
            <source>%1 records share %2</source>
            <translation>%1 fiches partagent %2</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="679" />
            <source>No two customers share a phone number or e-mail.</source>
            <translation>Aucun client ne partage un numéro de téléphone ou un courriel.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="707" />
            <source>Select the record to keep first.</source>
            <translation>Sélectionnez d'abord la fiche à garder.</translation>
        </message>
        <message>
            <location filename="../../app/views/customers_view.py" line="727" />
            <source>Merged %1 record(s); %2 appointment(s) moved.</source>
            <translation>%1 fiche(s) fusionnée(s); %2 rendez-vous transféré(s).</translation>
        </message>
    </context>
    <context>
        <name>FieldError</name>
        <message>
            <location filename="../../app/views/dialogs/__init__.py" line="83" />
            <source>Problem</source>
            <translation>Problème</translation>
        </message>
    </context>
    <context>
        <name>HistoryModel</name>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="227" />
            <source>When</source>
            <translation>Quand</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="228" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="229" />
            <source>By</source>
            <translation>Par</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="230" />
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="236" />
            <source>Booked: %1</source>
            <translation>Réservé : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/appointment_details.py" line="238" />
            <source>Moved</source>
            <translation>Déplacé</translation>
        </message>
    </context>
    <context>
        <name>LegendWidget</name>
        <message>
            <location filename="../../app/views/calendar/style.py" line="366" />
            <source>Calendar legend</source>
            <translation>Légende du calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="399" />
            <source>Services:</source>
            <translation>Services :</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="415" />
            <source>Statuses:</source>
            <translation>Statuts :</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="417" />
            <source>Time:</source>
            <translation>Heure :</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="418" />
            <source>Free (click to book)</source>
            <translation>Libre (cliquer pour réserver)</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="419" />
            <source>Blocked</source>
            <translation>Bloqué</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="420" />
            <source>Busy elsewhere</source>
            <translation>Occupé ailleurs</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/style.py" line="421" />
            <source>Closed</source>
            <translation>Fermé</translation>
        </message>
    </context>
    <context>
        <name>MailSettingsPage</name>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="80" />
            <source>No branch matches %1.</source>
            <translation>Aucune succursale ne correspond à %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="116" />
            <source>Mail settings</source>
            <translation>Paramètres de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="119" />
            <source>Mail server</source>
            <translation>Serveur de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="120" />
            <source>smtp.example.com (empty: send no e-mail)</source>
            <translation>smtp.example.com (vide : aucun courriel envoyé)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="122" />
            <source>Port</source>
            <translation>Port</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="126" />
            <source>Connection security</source>
            <translation>Sécurité de la connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="128" />
            <source>STARTTLS (usually port 587)</source>
            <translation>STARTTLS (habituellement le port 587)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="129" />
            <source>SSL/TLS from the start (usually port 465)</source>
            <translation>SSL/TLS dès le départ (habituellement le port 465)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="130" />
            <source>None: unencrypted (only inside the branch's network)</source>
            <translation>Aucune : non chiffrée (seulement dans le réseau de la succursale)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="134" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="135" />
            <source>empty: the server asks for no sign-in</source>
            <translation>vide : le serveur ne demande pas de connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="137" />
            <source>New password</source>
            <translation>Nouveau mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="139" />
            <source>type a new password to replace it</source>
            <translation>tapez un nouveau mot de passe pour le remplacer</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="141" />
            <source>Password stored</source>
            <translation>Mot de passe enregistré</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="142" />
            <source>Remove stored password</source>
            <translation>Retirer le mot de passe enregistré</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="143" />
            <source>Remove the stored mail password</source>
            <translation>Retirer le mot de passe de courriel enregistré</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="145" />
            <source>Sender address</source>
            <translation>Adresse de l'expéditeur</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="148" />
            <source>Sender name</source>
            <translation>Nom de l'expéditeur</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="150" />
            <source>Certificate authority file</source>
            <translation>Fichier de l'autorité de certification</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="151" />
            <source>empty: the authorities this computer trusts</source>
            <translation>vide : les autorités reconnues par cet ordinateur</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="152" />
            <source>C&amp;hoose…</source>
            <translation>C&amp;hoisir…</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="153" />
            <source>Choose the certificate authority file</source>
            <translation>Choisir le fichier de l'autorité de certification</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="171" />
            <source>Mail &amp;server:</source>
            <translation>&amp;Serveur de courriel :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="172" />
            <source>&amp;Port:</source>
            <translation>&amp;Port :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="173" />
            <source>S&amp;ecurity:</source>
            <translation>S&amp;écurité :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="174" />
            <source>&amp;User name:</source>
            <translation>Nom d'&amp;utilisateur :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="175" />
            <source>Pass&amp;word:</source>
            <translation>&amp;Mot de passe :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="176" />
            <source>Sender &amp;address:</source>
            <translation>&amp;Adresse de l'expéditeur :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="177" />
            <source>Sender &amp;name:</source>
            <translation>&amp;Nom de l'expéditeur :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="178" />
            <source>Cert&amp;ificate authority:</source>
            <translation>Autorité de cert&amp;ification :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="184" />
            <source>Problem with %1</source>
            <translation>Problème avec %1</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="196" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="197" />
            <source>Save the mail settings</source>
            <translation>Enregistrer les paramètres de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="199" />
            <source>Undo changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="200" />
            <source>Show the saved mail settings again</source>
            <translation>Afficher de nouveau les paramètres de courriel enregistrés</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="202" />
            <source>Mail settings status</source>
            <translation>État des paramètres de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="210" />
            <source>Send the test mail to</source>
            <translation>Envoyer le courriel d'essai à</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="211" />
            <source>your.name@example.com</source>
            <translation>votre.nom@example.com</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="212" />
            <source>Send a &amp;test mail</source>
            <translation>En&amp;voyer un courriel d'essai</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="213" />
            <source>Send a test mail</source>
            <translation>Envoyer un courriel d'essai</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="215" />
            <source>Test mail result</source>
            <translation>Résultat du courriel d'essai</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="217" />
            <source>Test the saved settings</source>
            <translation>Tester les paramètres enregistrés</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="220" />
            <source>Send t&amp;o:</source>
            <translation>Envoyer &amp;à :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="279" />
            <source>E-mail for %1</source>
            <translation>Courriel pour %1</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="293" />
            <source>empty: %1</source>
            <translation>vide : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="302" />
            <source>a password is stored</source>
            <translation>un mot de passe est enregistré</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="302" />
            <source>no password stored</source>
            <translation>aucun mot de passe enregistré</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="337" />
            <source>Enter a server name such as smtp.example.com (no spaces, no port), or leave it empty to send no e-mail.</source>
            <translation>Entrez un nom de serveur comme smtp.example.com (sans espace ni port), ou laissez vide pour n'envoyer aucun courriel.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="340" />
            <source>Choose a port from 1 to 65535.</source>
            <translation>Choisissez un port de 1 à 65535.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="341" />
            <source>Choose how the connection is protected.</source>
            <translation>Choisissez comment la connexion est protégée.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="342" />
            <source>The user name must be one line of at most 200 characters.</source>
            <translation>Le nom d'utilisateur doit tenir sur une ligne d'au plus 200 caractères.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="343" />
            <source>Enter an e-mail address such as desk@branch.example.</source>
            <translation>Entrez une adresse courriel comme comptoir@succursale.example.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="344" />
            <source>The name must be one line of at most 200 characters.</source>
            <translation>Le nom doit tenir sur une ligne d'au plus 200 caractères.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="346" />
            <source>Choose the certificate file with Choose…, type its full path, or leave it empty to trust the authorities of this computer.</source>
            <translation>Choisissez le fichier de certificat avec Choisir…, tapez son chemin complet, ou laissez vide pour faire confiance aux autorités de cet ordinateur.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="370" />
            <source>Nothing was saved; see the marked fields.</source>
            <translation>Rien n'a été enregistré; voyez les champs indiqués.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="387" />
            <source>Nothing to save: no value changed.</source>
            <translation>Rien à enregistrer : aucune valeur n'a changé.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="400" />
            <source>Mail settings saved.</source>
            <translation>Paramètres de courriel enregistrés.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="408" />
            <source>No mail server: the branch sends no e-mail.</source>
            <translation>Aucun serveur de courriel : la succursale n'envoie aucun courriel.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="410" />
            <source>E-mail stays off until a sender address is set.</source>
            <translation>Les courriels restent désactivés tant qu'aucune adresse d'expéditeur n'est définie.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="414" />
            <source>The certificate file %1 is not on this computer: e-mails wait until it is.</source>
            <translation>Le fichier de certificat %1 n'est pas sur cet ordinateur : les courriels attendent qu'il y soit.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="418" />
            <source>Without a user name the stored password is not used.</source>
            <translation>Sans nom d'utilisateur, le mot de passe enregistré n'est pas utilisé.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="443" />
            <source>The mail password was removed.</source>
            <translation>Le mot de passe de courriel a été retiré.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="455" />
            <source>Enter the address to send the test mail to.</source>
            <translation>Entrez l'adresse à laquelle envoyer le courriel d'essai.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="459" />
            <source>Save your changes first: the test uses the saved settings.</source>
            <translation>Enregistrez d'abord vos modifications : l'essai utilise les paramètres enregistrés.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="476" />
            <source>Sending a test mail through %1…</source>
            <translation>Envoi d'un courriel d'essai par %1…</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="496" />
            <source>The test mail was sent to %1 through %2. Check that it arrived.</source>
            <translation>Le courriel d'essai a été envoyé à %1 par %2. Vérifiez qu'il est arrivé.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="502" />
            <source>The test mail could not be sent.</source>
            <translation>Le courriel d'essai n'a pas pu être envoyé.</translation>
        </message>
    </context>
    <context>
        <name>MainWindow</name>
        <message>
            <location filename="../../app/views/main_window.py" line="145" />
            <source>Agents shown</source>
            <translation>Conseillers affichés</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="147" />
            <source>Agents:</source>
            <translation>Conseillers :</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="149" />
            <source>Show cancelled</source>
            <translation>Afficher les annulés</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="157" />
            <source>Notice</source>
            <translation>Avis</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="165" />
            <source>No branch yet: create one with Administration, Branch, services and agents (Ctrl+Shift+M), or apply a branch setup file (frontdesk setup apply FILE.toml).</source>
            <translation>Aucune succursale pour l'instant : créez-en une avec Administration, Succursale, services et conseillers (Ctrl+Maj+M), ou appliquez un fichier de configuration de succursale (frontdesk setup apply FICHIER.toml).</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="191" />
            <source>Whole team</source>
            <translation>Toute l'équipe</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="217" />
            <source>&amp;Today</source>
            <translation>&amp;Aujourd'hui</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="219" />
            <source>Go to today (Ctrl+T)</source>
            <translation>Aller à aujourd'hui (Ctrl+T)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="223" />
            <source>&amp;Previous</source>
            <translation>&amp;Précédent</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="225" />
            <source>Previous (Alt+Left)</source>
            <translation>Précédent (Alt+Gauche)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="229" />
            <source>&amp;Next</source>
            <translation>&amp;Suivant</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="231" />
            <source>Next (Alt+Right)</source>
            <translation>Suivant (Alt+Droite)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="235" />
            <source>&amp;New booking…</source>
            <translation>&amp;Nouveau rendez-vous…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="237" />
            <source>Book a caller or a customer (Ctrl+N)</source>
            <translation>Réserver pour un appelant ou un client (Ctrl+N)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="241" />
            <source>&amp;Walk-in…</source>
            <translation>Sans rendez-&amp;vous…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="243" />
            <source>The next free slot from now, any agent (F2)</source>
            <translation>La prochaine plage libre à partir de maintenant, n'importe quel conseiller (F2)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="247" />
            <source>&amp;Refresh</source>
            <translation>Ac&amp;tualiser</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="249" />
            <source>Read again (F5)</source>
            <translation>Relire (F5)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="253" />
            <source>&amp;Print the day…</source>
            <translation>&amp;Imprimer la journée…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="255" />
            <source>Print the day's list (Ctrl+P)</source>
            <translation>Imprimer la liste de la journée (Ctrl+P)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="259" />
            <source>Save the day as P&amp;DF…</source>
            <translation>Enregistrer la journée en P&amp;DF…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="261" />
            <source>Save the day's list as a PDF file</source>
            <translation>Enregistrer la liste de la journée dans un fichier PDF</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="265" />
            <source>Save the &amp;week sheet as PDF…</source>
            <translation>Enregistrer la feuille de la &amp;semaine en PDF…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="267" />
            <source>One agent's week, to hand out</source>
            <translation>La semaine d'un conseiller, à remettre</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="272" />
            <source>&amp;Customers…</source>
            <translation>&amp;Clients…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="274" />
            <source>The address book (Ctrl+Shift+C)</source>
            <translation>Le carnet d'adresses (Ctrl+Maj+C)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="278" />
            <source>&amp;Approval queue…</source>
            <translation>File d'&amp;approbation…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="280" />
            <source>Requests awaiting confirmation (Ctrl+Shift+A)</source>
            <translation>Demandes en attente de confirmation (Ctrl+Maj+A)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="284" />
            <source>Audit &amp;trail…</source>
            <translation>&amp;Journal d'audit…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="284" />
            <source>Who changed what, and when</source>
            <translation>Qui a modifié quoi, et quand</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="287" />
            <source>&amp;Branch, services and agents…</source>
            <translation>&amp;Succursale, services et conseillers…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="289" />
            <source>Set up the branch, its services, agents, rules and e-mails (Ctrl+Shift+M)</source>
            <translation>Configurer la succursale, ses services, conseillers, règles et courriels (Ctrl+Maj+M)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="293" />
            <source>&amp;Users and permissions…</source>
            <translation>&amp;Utilisateurs et permissions…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="295" />
            <source>Who may sign in, and what each role may do</source>
            <translation>Qui peut se connecter, et ce que chaque rôle peut faire</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="299" />
            <source>&amp;Calendar accounts…</source>
            <translation>&amp;Comptes de calendrier…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="301" />
            <source>Agents' Outlook, Exchange, Google and CalDAV calendars, kept in step</source>
            <translation>Les calendriers Outlook, Exchange, Google et CalDAV des conseillers, tenus à jour</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="305" />
            <source>&amp;Outbox…</source>
            <translation>&amp;Boîte d'envoi…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="307" />
            <source>E-mails waiting, sent and failed</source>
            <translation>Courriels en attente, envoyés et en échec</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="311" />
            <source>&amp;Database…</source>
            <translation>Base de &amp;données…</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="313" />
            <source>Where this desk keeps its data: this computer or a shared server</source>
            <translation>Où ce poste conserve ses données : cet ordinateur ou un serveur partagé</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="320" />
            <source>&amp;Day</source>
            <translation>&amp;Jour</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="321" />
            <source>&amp;Week</source>
            <translation>S&amp;emaine</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="322" />
            <source>&amp;Month</source>
            <translation>&amp;Mois</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="333" />
            <source>&amp;Quit</source>
            <translation>&amp;Quitter</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="336" />
            <source>&amp;About Front Desk</source>
            <translation>À &amp;propos de Front Desk</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="341" />
            <source>&amp;File</source>
            <translation>&amp;Fichier</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="346" />
            <source>&amp;Booking</source>
            <translation>&amp;Réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="353" />
            <source>&amp;View</source>
            <translation>&amp;Affichage</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="361" />
            <source>&amp;Administration</source>
            <translation>A&amp;dministration</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="368" />
            <source>&amp;Help</source>
            <translation>Aid&amp;e</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="372" />
            <source>Navigation</source>
            <translation>Navigation</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="387" />
            <source>Go to date</source>
            <translation>Aller à la date</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="413" />
            <source>E-mails that could not be sent</source>
            <translation>Courriels qui n'ont pas pu être envoyés</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="439" />
            <source>E-mails not sent: %1 (Administration, Outbox)</source>
            <translation>Courriels non envoyés : %1 (Administration, Boîte d'envoi)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="448" />
            <source>Database: %1</source>
            <translation>Base de données : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="453" />
            <source>Branch: %1 (%2)</source>
            <translation>Succursale : %1 (%2)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="455" />
            <source>Front Desk — %1</source>
            <translation>Front Desk — %1</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="457" />
            <source>No branch set up yet</source>
            <translation>Aucune succursale configurée pour l'instant</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="458" />
            <source>Front Desk</source>
            <translation>Front Desk</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="459" />
            <source>Signed in: %1</source>
            <translation>Connecté : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="461" />
            <source>Calendar sync: %1 accounts</source>
            <translation>Synchronisation des calendriers : %1 comptes</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="463" />
            <source>Calendar sync: not set up</source>
            <translation>Synchronisation des calendriers : non configurée</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="465" />
            <location filename="../../app/views/main_window.py" line="742" />
            <source>Awaiting approval: %1</source>
            <translation>En attente d'approbation : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="581" />
            <source>The calendar could not be read: %1</source>
            <translation>Le calendrier n'a pas pu être lu : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="602" />
            <location filename="../../app/views/main_window.py" line="731" />
            <source>Set up a branch first.</source>
            <translation>Configurez d'abord une succursale.</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="622" />
            <source>Booked (%1).</source>
            <translation>Réservé (%1).</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="640" />
            <source>Move the appointment to %1: why?</source>
            <translation>Déplacer le rendez-vous au %1 : pourquoi?</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="643" />
            <source>Not moved: a reason is needed.</source>
            <translation>Non déplacé : un motif est requis.</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="666" />
            <source>Reason</source>
            <translation>Motif</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="669" />
            <source>Moved to %1.</source>
            <translation>Déplacé au %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="674" />
            <source>Not moved: %1</source>
            <translation>Non déplacé : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="679" />
            <source>Something went wrong; nothing was changed (%1).</source>
            <translation>Un problème est survenu; rien n'a été modifié (%1).</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="727" />
            <source>Customers</source>
            <translation>Clients</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="748" />
            <source>Approval queue</source>
            <translation>File d'approbation</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="760" />
            <source>Administration</source>
            <translation>Administration</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="785" />
            <source>Calendar accounts</source>
            <translation>Comptes de calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="804" />
            <source>Outbox</source>
            <translation>Boîte d'envoi</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="819" />
            <source>Only an administrator can change this.</source>
            <translation>Seul un administrateur peut modifier ceci.</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="825" />
            <source>Audit trail</source>
            <translation>Journal d'audit</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="847" />
            <source>Save the day as PDF</source>
            <translation>Enregistrer la journée en PDF</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="849" />
            <location filename="../../app/views/main_window.py" line="891" />
            <source>PDF files (*.pdf)</source>
            <translation>Fichiers PDF (*.pdf)</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="857" />
            <location filename="../../app/views/main_window.py" line="897" />
            <source>Saved %1.</source>
            <translation>%1 enregistré.</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="880" />
            <source>Choose an agent first: the week sheet is one agent's week.</source>
            <translation>Choisissez d'abord un conseiller : la feuille de la semaine est la semaine d'un seul conseiller.</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="889" />
            <source>Save the week sheet</source>
            <translation>Enregistrer la feuille de la semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="905" />
            <source>About Front Desk</source>
            <translation>À propos de Front Desk</translation>
        </message>
        <message>
            <location filename="../../app/views/main_window.py" line="906" />
            <source>Front Desk %1
The appointment desk of a bank branch.</source>
            <translation>Front Desk %1
Le comptoir de rendez-vous d'une succursale bancaire.</translation>
        </message>
    </context>
    <context>
        <name>MessageArea</name>
        <message>
            <location filename="../../app/views/dialogs/__init__.py" line="39" />
            <source>Message</source>
            <translation>Message</translation>
        </message>
    </context>
    <context>
        <name>MonthView</name>
        <message>
            <location filename="../../app/views/calendar/month.py" line="238" />
            <source>Month calendar</source>
            <translation>Calendrier du mois</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="370" />
            <source>Closed</source>
            <translation>Fermé</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="420" />
            <source>no appointments</source>
            <translation>aucun rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="422" />
            <source>1 appointment</source>
            <translation>1 rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="424" />
            <source>%1 appointments</source>
            <translation>%1 rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="426" />
            <source>today</source>
            <translation>aujourd'hui</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="703" />
            <location filename="../../app/views/calendar/month.py" line="816" />
            <source>+%1 more</source>
            <translation>+%1 de plus</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/month.py" line="822" />
            <source>Press Enter to open the day.</source>
            <translation>Appuyez sur Entrée pour ouvrir la journée.</translation>
        </message>
    </context>
    <context>
        <name>NewBranchForm</name>
        <message>
            <location filename="../../app/views/admin/window.py" line="98" />
            <source>This database has no branch yet. Give it a name and the time zone its opening hours are in; services and agents come next.</source>
            <translation>Cette base de données n'a pas encore de succursale. Donnez-lui un nom et le fuseau horaire de ses heures d'ouverture; les services et les conseillers viennent ensuite.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="106" />
            <source>Branch name</source>
            <translation>Nom de la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="111" />
            <source>Time zone</source>
            <translation>Fuseau horaire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="116" />
            <source>&amp;Name</source>
            <translation>&amp;Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="117" />
            <source>&amp;Time zone</source>
            <translation>&amp;Fuseau horaire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="123" />
            <source>&amp;Create branch</source>
            <translation>&amp;Créer la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/window.py" line="124" />
            <source>Create branch</source>
            <translation>Créer la succursale</translation>
        </message>
    </context>
    <context>
        <name>OutboxTableModel</name>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="194" />
            <source>Waiting</source>
            <translation>En attente</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="195" />
            <source>Sent</source>
            <translation>Envoyé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="196" />
            <source>Failed</source>
            <translation>En échec</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="197" />
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="238" />
            <source>State</source>
            <translation>État</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="239" />
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="240" />
            <source>Subject</source>
            <translation>Objet</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="241" />
            <source>Appointment</source>
            <translation>Rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="242" />
            <source>Attempts</source>
            <translation>Tentatives</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="243" />
            <source>Next try / sent</source>
            <translation>Prochain essai / envoi</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="244" />
            <source>Problem</source>
            <translation>Problème</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="296" />
            <source>#%1 (removed)</source>
            <translation>nº %1 (supprimé)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="302" />
            <source>sent %1</source>
            <translation>envoyé %1</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_model.py" line="306" />
            <source>after Retry</source>
            <translation>après Réessayer</translation>
        </message>
    </context>
    <context>
        <name>OutboxView</name>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="101" />
            <source>Mail outbox</source>
            <translation>Boîte d'envoi des courriels</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="104" />
            <source>Show mails in state</source>
            <translation>Afficher les courriels à l'état</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="106" />
            <source>All mails</source>
            <translation>Tous les courriels</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="107" />
            <source>Waiting</source>
            <translation>En attente</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="108" />
            <source>Failed</source>
            <translation>En échec</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="109" />
            <source>Sent</source>
            <translation>Envoyé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="110" />
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="113" />
            <source>Re&amp;fresh</source>
            <translation>Act&amp;ualiser</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="114" />
            <source>Read the outbox again</source>
            <translation>Relire la boîte d'envoi</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="115" />
            <source>&amp;Retry</source>
            <translation>&amp;Réessayer</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="116" />
            <source>Retry the selected failed mails</source>
            <translation>Réessayer les courriels en échec sélectionnés</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="117" />
            <source>Put the selected failed mails back in the queue</source>
            <translation>Remettre les courriels en échec sélectionnés dans la file</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="119" />
            <source>Send &amp;now</source>
            <translation>&amp;Envoyer maintenant</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="120" />
            <source>Send the waiting mails now</source>
            <translation>Envoyer maintenant les courriels en attente</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="122" />
            <source>Outbox status</source>
            <translation>État de la boîte d'envoi</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="126" />
            <source>&amp;Show:</source>
            <translation>A&amp;fficher :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="138" />
            <source>Queued mails</source>
            <translation>Courriels en file</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="170" />
            <location filename="../../app/views/mail/outbox_view.py" line="316" />
            <source>Select a mail to see what happened to it.</source>
            <translation>Sélectionnez un courriel pour voir ce qui lui est arrivé.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="171" />
            <source>Selected mail</source>
            <translation>Courriel sélectionné</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="265" />
            <source>The outbox could not be read. Try again.</source>
            <translation>La boîte d'envoi n'a pas pu être lue. Réessayez.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="272" />
            <source>%1 waiting</source>
            <translation>%1 en attente</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="273" />
            <source>%1 failed</source>
            <translation>%1 en échec</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="274" />
            <source>%1 sent</source>
            <translation>%1 envoyé(s)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="278" />
            <source>No e-mail has been queued yet.</source>
            <translation>Aucun courriel n'a encore été mis en file.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="280" />
            <source>(none of them in this state)</source>
            <translation>(aucun à cet état)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="318" />
            <source>%1 mails selected.</source>
            <translation>%1 courriels sélectionnés.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="323" />
            <source>To %1: %2</source>
            <translation>À %1 : %2</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="327" />
            <source>Queued %1, attempts: %2.</source>
            <translation>Mis en file %1, tentatives : %2.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="333" />
            <source>Sent %1.</source>
            <translation>Envoyé %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="338" />
            <source>Problem: %1</source>
            <translation>Problème : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="340" />
            <source>It will not be tried again until you press Retry.</source>
            <translation>Il ne sera pas réessayé tant que vous n'appuierez pas sur Réessayer.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="363" />
            <source>%1 mail(s) queued again; press Send now to send them at once.</source>
            <translation>%1 courriel(s) remis en file; appuyez sur Envoyer maintenant pour les envoyer tout de suite.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="379" />
            <source>Sending…</source>
            <translation>Envoi…</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="395" />
            <source>The mails could not be sent. Try again later.</source>
            <translation>Les courriels n'ont pas pu être envoyés. Réessayez plus tard.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="405" />
            <source>Nothing was due to be sent.</source>
            <translation>Aucun envoi n'était prévu.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="406" />
            <source>Sent %1 mail(s).</source>
            <translation>%1 courriel(s) envoyé(s).</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="408" />
            <source>%1 will be tried again later.</source>
            <translation>%1 sera réessayé plus tard.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="412" />
            <source>%1 failed; select them to see why.</source>
            <translation>%1 en échec; sélectionnez-les pour voir pourquoi.</translation>
        </message>
    </context>
    <context>
        <name>PageLink</name>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="42" />
            <source>Address of %1</source>
            <translation>Adresse de %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="43" />
            <source>Cop&amp;y link</source>
            <translation>Cop&amp;ier le lien</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="44" />
            <source>Copy the address of %1</source>
            <translation>Copier l'adresse de %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="45" />
            <source>Put the address on the clipboard, to paste it.</source>
            <translation>Mettre l'adresse dans le presse-papiers, pour la coller.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="52" />
            <source>About the address of %1</source>
            <translation>À propos de l'adresse de %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="71" />
            <source>The page's address appears once this is saved.</source>
            <translation>L'adresse de la page apparaît une fois l'enregistrement fait.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="74" />
            <source>Set the public address of the booking pages in Booking rules.</source>
            <translation>Indiquez l'adresse publique des pages de réservation dans Règles de réservation.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_link.py" line="95" />
            <source>Copied: paste it into the website, an e-mail or a document.</source>
            <translation>Copiée : collez-la dans le site Web, un courriel ou un document.</translation>
        </message>
    </context>
    <context>
        <name>PageTextsEditor</name>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="85" />
            <source>What customers read on this service's booking pages. An empty line shows the default, in grey; type to replace it for this service, empty the line to bring the default back. Saved with the button below, apart from the service's rules.</source>
            <translation>Ce que les clients lisent sur les pages de réservation de ce service. Une ligne vide affiche le texte par défaut, en gris; tapez pour le remplacer pour ce service, videz la ligne pour revenir au texte par défaut. Enregistré avec le bouton ci-dessous, à part des règles du service.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="94" />
            <source>Find a text…</source>
            <translation>Trouver un texte…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="95" />
            <source>Find a booking page text</source>
            <translation>Trouver un texte des pages de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="103" />
            <source>English</source>
            <translation>Anglais</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="103" />
            <source>French</source>
            <translation>Français</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="105" />
            <source>Booking page texts</source>
            <translation>Textes des pages de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="107" />
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="128" />
            <source>Default: %1</source>
            <translation>Par défaut : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="130" />
            <source>%1 text of %2</source>
            <translation>Texte %1 de %2</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="135" />
            <source>Empty: the default, %1</source>
            <translation>Vide : le texte par défaut, %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="146" />
            <source>Revert texts</source>
            <translation>Rétablir les textes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="147" />
            <source>Revert the booking page texts</source>
            <translation>Rétablir les textes des pages de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="149" />
            <source>Save texts</source>
            <translation>Enregistrer les textes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="150" />
            <source>Save the booking page texts</source>
            <translation>Enregistrer les textes des pages de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="190" />
            <source>Save the service first; then its texts can be changed.</source>
            <translation>Enregistrez d'abord le service; ses textes pourront ensuite être modifiés.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="234" />
            <source>All texts are the defaults.</source>
            <translation>Tous les textes sont ceux par défaut.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="236" />
            <source>Texts of this service's own: %1.</source>
            <translation>Textes propres à ce service : %1.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="273" />
            <source>The booking page texts are saved.</source>
            <translation>Les textes des pages de réservation sont enregistrés.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/page_texts.py" line="285" />
            <source>The texts could not be saved because of an unexpected error; it is logged.</source>
            <translation>Les textes n'ont pas pu être enregistrés à cause d'une erreur inattendue; elle est consignée.</translation>
        </message>
    </context>
    <context>
        <name>PasswordDialog</name>
        <message>
            <location filename="../../app/views/users_view.py" line="623" />
            <source>Reset password</source>
            <translation>Réinitialiser le mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="626" />
            <source>User:</source>
            <translation>Utilisateur :</translation>
        </message>
    </context>
    <context>
        <name>PermissionModel</name>
        <message>
            <location filename="../../app/views/users_view.py" line="350" />
            <source>allowed</source>
            <translation>permis</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="350" />
            <source>not allowed</source>
            <translation>non permis</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="355" />
            <source>The administrator role always keeps this permission, so that somebody can always manage the desk.</source>
            <translation>Le rôle administrateur garde toujours cette permission, pour que quelqu'un puisse toujours gérer le poste.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="361" />
            <source>changed</source>
            <translation>modifié</translation>
        </message>
    </context>
    <context>
        <name>Printing</name>
        <message>
            <location filename="../../app/views/printing.py" line="115" />
            <source>Day list</source>
            <translation>Liste de la journée</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="171" />
            <source>Week sheet</source>
            <translation>Feuille de la semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="291" />
            <source>Blocked</source>
            <translation>Bloqué</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="292" />
            <source>Busy (own calendar)</source>
            <translation>Occupé (propre calendrier)</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="320" />
            <source>Not working</source>
            <translation>Ne travaille pas</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="321" />
            <source>Working hours: %1</source>
            <translation>Heures de travail : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="328" />
            <source>Branch closed: %1</source>
            <translation>Succursale fermée : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="328" />
            <source>Branch closed</source>
            <translation>Succursale fermée</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="333" />
            <source>No appointments.</source>
            <translation>Aucun rendez-vous.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="335" />
            <source>1 appointment.</source>
            <translation>1 rendez-vous.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="336" />
            <source>%1 appointments.</source>
            <translation>%1 rendez-vous.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="351" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="351" />
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="351" />
            <source>Phone</source>
            <translation>Téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="351" />
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="351" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="440" />
            <source>The page is too small for its margins.</source>
            <translation>La page est trop petite pour ses marges.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="445" />
            <source>The printer or file could not be opened for writing.</source>
            <translation>L'imprimante ou le fichier n'a pas pu être ouvert en écriture.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="449" />
            <source>The printer refused a new page.</source>
            <translation>L'imprimante a refusé une nouvelle page.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="456" />
            <source>Page %1 of %2</source>
            <translation>Page %1 de %2</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="479" />
            <source>The folder %1 does not exist.</source>
            <translation>Le dossier %1 n'existe pas.</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="489" />
            <source>Could not write %1: %2</source>
            <translation>Impossible d'écrire %1 : %2</translation>
        </message>
        <message>
            <location filename="../../app/views/printing.py" line="501" />
            <location filename="../../app/views/printing.py" line="502" />
            <source>Print</source>
            <translation>Imprimer</translation>
        </message>
    </context>
    <context>
        <name>QObject</name>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="285" />
            <source>Choose colour</source>
            <translation>Choisir la couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="286" />
            <source>Choose the colour</source>
            <translation>Choisir la couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="288" />
            <source>Colour</source>
            <translation>Couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="289" />
            <source>none, or "#1565c0"</source>
            <translation>aucune, ou « #1565c0 »</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="308" />
            <source>Service colour</source>
            <translation>Couleur du service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="242" />
            <source>such as 45m</source>
            <translation>comme 45m</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="243" />
            <source>Weeks, days, hours and minutes: "45m", "1h30m", "2d", "2w".</source>
            <translation>Semaines, jours, heures et minutes : « 45m », « 1h30m », « 2d », « 2w ».</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="248" />
            <source>%s in words</source>
            <translation>%s en mots</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="272" />
            <source>not a duration (such as "45m", "1h30m" or "2d")</source>
            <translation>pas une durée (comme « 45m », « 1h30m » ou « 2d »)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="400" />
            <source>Add</source>
            <translation>Ajouter</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="401" />
            <source>Add to %s</source>
            <translation>Ajouter à %s</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="402" />
            <source>Remove</source>
            <translation>Retirer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="403" />
            <source>Remove from %s</source>
            <translation>Retirer de %s</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="409" />
            <source>Move up</source>
            <translation>Monter</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="410" />
            <source>Move up in %s</source>
            <translation>Monter dans %s</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="411" />
            <source>Move down</source>
            <translation>Descendre</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="412" />
            <source>Move down in %s</source>
            <translation>Descendre dans %s</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/agents_page.py" line="162" />
            <source>Date and time</source>
            <translation>Date et heure</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="270" />
            <source>CalDAV</source>
            <translation>CalDAV</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="271" />
            <source>Microsoft 365 (Graph)</source>
            <translation>Microsoft 365 (Graph)</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="272" />
            <source>Google Calendar</source>
            <translation>Google Agenda</translation>
        </message>
        <message>
            <location filename="../../app/views/accounts_view.py" line="273" />
            <source>Exchange (EWS)</source>
            <translation>Exchange (EWS)</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="223" />
            <source>Create appointments</source>
            <translation>Créer des rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="223" />
            <source>Book new appointments.</source>
            <translation>Réserver de nouveaux rendez-vous.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="225" />
            <source>Edit appointments</source>
            <translation>Modifier des rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="226" />
            <source>Move, cancel and change the status of appointments.</source>
            <translation>Déplacer et annuler des rendez-vous, et en changer le statut.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="229" />
            <source>Assign agents</source>
            <translation>Attribuer les conseillers</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="230" />
            <source>Choose the agent of an appointment instead of letting the branch assign.</source>
            <translation>Choisir le conseiller d'un rendez-vous au lieu de laisser la succursale l'attribuer.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="232" />
            <source>Delete appointments</source>
            <translation>Supprimer des rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="232" />
            <source>Remove appointments for good.</source>
            <translation>Retirer des rendez-vous définitivement.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="234" />
            <source>Approve requests</source>
            <translation>Approuver les demandes</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="235" />
            <source>Confirm appointments that wait for approval.</source>
            <translation>Confirmer les rendez-vous en attente d'approbation.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="238" />
            <source>Override rules</source>
            <translation>Déroger aux règles</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="239" />
            <source>Book or cancel against the lead-time and cancellation rules, on purpose.</source>
            <translation>Réserver ou annuler en dérogeant volontairement aux règles de délai et d'annulation.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="241" />
            <source>Edit customers</source>
            <translation>Modifier les clients</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="241" />
            <source>Add, change, merge and delete customers.</source>
            <translation>Ajouter, modifier, fusionner et supprimer des clients.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="243" />
            <source>Administer</source>
            <translation>Administrer</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="244" />
            <source>Manage users, roles, the branch setup and settings.</source>
            <translation>Gérer les utilisateurs, les rôles, la configuration de la succursale et les paramètres.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/forms.py" line="186" />
            <source>Choose a colour</source>
            <translation>Choisir une couleur</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="67" />
            <source>Certificate authority of the mail server</source>
            <translation>Autorité de certification du serveur de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/settings_page.py" line="69" />
            <source>Certificates (*.pem *.crt *.cer);;All files (*)</source>
            <translation>Certificats (*.pem *.crt *.cer);;Tous les fichiers (*)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/outbox_view.py" line="165" />
            <source>sent %1</source>
            <translation>envoyé %1</translation>
        </message>
        <message>
            <location filename="../../app/views/app.py" line="122" />
            <source>Preparing demo data…</source>
            <translation>Préparation des données de démonstration…</translation>
        </message>
        <message>
            <location filename="../../app/views/app.py" line="125" />
            <source>Demo data ready.</source>
            <translation>Données de démonstration prêtes.</translation>
        </message>
        <message>
            <location filename="../../app/views/app.py" line="134" />
            <source>Demo data</source>
            <translation>Données de démonstration</translation>
        </message>
        <message>
            <location filename="../../app/views/app.py" line="135" />
            <source>The demo data could not be created: %1</source>
            <translation>Les données de démonstration n'ont pas pu être créées : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/app.py" line="187" />
            <source>Reminders and e-mails are not sent from this desk: %1</source>
            <translation>Les rappels et les courriels ne sont pas envoyés depuis ce poste : %1</translation>
        </message>
    </context>
    <context>
        <name>RegionEditor</name>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="102" />
            <source>The branch's own country</source>
            <translation>Le pays de la succursale</translation>
        </message>
    </context>
    <context>
        <name>RepeatEditor</name>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1076" />
            <source>does not repeat</source>
            <translation>ne se répète pas</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1080" />
            <source>daily</source>
            <translation>chaque jour</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/admin/repeat_editor.py" line="1080" />
            <source>every %n days</source>
            <translation>
                <numerusform>tous les %n jours</numerusform>
                <numerusform>tous les %n jours</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1085" />
            <source>weekly</source>
            <translation>chaque semaine</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/admin/repeat_editor.py" line="1085" />
            <source>every %n weeks</source>
            <translation>
                <numerusform>toutes les %n semaines</numerusform>
                <numerusform>toutes les %n semaines</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1087" />
            <source>on %1</source>
            <translation>le %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1089" />
            <source>monthly</source>
            <translation>chaque mois</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/admin/repeat_editor.py" line="1089" />
            <source>every %n months</source>
            <translation>
                <numerusform>tous les %n mois</numerusform>
                <numerusform>tous les %n mois</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="518" />
            <location filename="../../app/views/admin/repeat_editor.py" line="1092" />
            <source>first</source>
            <translation>premier</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="519" />
            <location filename="../../app/views/admin/repeat_editor.py" line="1093" />
            <source>second</source>
            <translation>deuxième</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="520" />
            <location filename="../../app/views/admin/repeat_editor.py" line="1094" />
            <source>third</source>
            <translation>troisième</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="521" />
            <location filename="../../app/views/admin/repeat_editor.py" line="1095" />
            <source>fourth</source>
            <translation>quatrième</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="522" />
            <location filename="../../app/views/admin/repeat_editor.py" line="1096" />
            <source>last</source>
            <translation>dernier</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1098" />
            <source>on the %1 %2</source>
            <translation>le %1 %2</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1102" />
            <source>on day %1</source>
            <translation>le %1 du mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1104" />
            <source>once</source>
            <translation>une fois</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/admin/repeat_editor.py" line="1104" />
            <source>%n times</source>
            <translation>
                <numerusform>%n fois</numerusform>
                <numerusform>%n fois</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1106" />
            <source>until %1</source>
            <translation>jusqu'au %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="350" />
            <source>New availability period</source>
            <translation>Nouvelle période de disponibilité</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="350" />
            <source>Availability period</source>
            <translation>Période de disponibilité</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="377" />
            <source>Save the period</source>
            <translation>Enregistrer la période</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="398" />
            <source>Window</source>
            <translation>Plage</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="401" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="402" />
            <source>Agent:</source>
            <translation>Conseiller :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="406" />
            <source>Service</source>
            <translation>Service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="407" />
            <source>Every service of the agent</source>
            <translation>Tous les services du conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="415" />
            <source>&amp;Service:</source>
            <translation>&amp;Service :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="420" />
            <source>First date</source>
            <translation>Première date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="422" />
            <source>Start time</source>
            <translation>Heure de début</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="424" />
            <source>End time</source>
            <translation>Heure de fin</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="427" />
            <source>End date</source>
            <translation>Date de fin</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="431" />
            <source>to</source>
            <translation>à</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="435" />
            <source>&amp;First window:</source>
            <translation>&amp;Première plage :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="440" />
            <source>Times in %1</source>
            <translation>Heures de %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="451" />
            <source>Slot length</source>
            <translation>Durée des plages</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="452" />
            <source> min</source>
            <translation> min</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="454" />
            <source>The service's own step</source>
            <translation>Le pas propre au service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="455" />
            <source>S&amp;lot length:</source>
            <translation>D&amp;urée des plages :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="460" />
            <source>Repeat</source>
            <translation>Répétition</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="463" />
            <source>Repeats</source>
            <translation>Répétition</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="465" />
            <source>Does not repeat</source>
            <translation>Ne se répète pas</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="466" />
            <source>Daily</source>
            <translation>Chaque jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="467" />
            <source>Weekly</source>
            <translation>Chaque semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="468" />
            <source>Monthly</source>
            <translation>Chaque mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="471" />
            <source>&amp;Repeats:</source>
            <translation>&amp;Répétition :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="473" />
            <source>Repeat every</source>
            <translation>Répéter tous les</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="479" />
            <source>E&amp;very:</source>
            <translation>&amp;Tous les :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="496" />
            <source>Repeat on %1</source>
            <translation>Répéter le %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="510" />
            <source>On day</source>
            <translation>Le jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="511" />
            <source>Monthly on a day of the month</source>
            <translation>Chaque mois à un jour du mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="512" />
            <source>Day of the month</source>
            <translation>Jour du mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="513" />
            <source>On the</source>
            <translation>Le</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="514" />
            <source>Monthly on a weekday of the month</source>
            <translation>Chaque mois à un jour de semaine du mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="516" />
            <source>Which weekday of the month</source>
            <translation>Quel jour de semaine du mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="526" />
            <source>Weekday</source>
            <translation>Jour de semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="545" />
            <source>On:</source>
            <translation>Le :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="551" />
            <source>&amp;Never</source>
            <translation>&amp;Jamais</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="552" />
            <source>Ends never</source>
            <translation>Ne se termine jamais</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="553" />
            <source>&amp;After</source>
            <translation>&amp;Après</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="554" />
            <source>Ends after a number of times</source>
            <translation>Se termine après un nombre de fois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="555" />
            <source>Number of times</source>
            <translation>Nombre de fois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="556" />
            <source> times</source>
            <translation> fois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="557" />
            <source>&amp;On</source>
            <translation>&amp;Le</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="558" />
            <source>Ends on a date</source>
            <translation>Se termine à une date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="561" />
            <source>Last date</source>
            <translation>Dernière date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="577" />
            <source>Ends:</source>
            <translation>Fin :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="580" />
            <source>Edit the rule as RRULE te&amp;xt</source>
            <translation>Modifier la règle en te&amp;xte RRULE</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="581" />
            <source>Edit the rule as RRULE text</source>
            <translation>Modifier la règle en texte RRULE</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="583" />
            <source>RRULE text</source>
            <translation>Texte RRULE</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="595" />
            <source>Except on</source>
            <translation>Sauf le</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="599" />
            <source>Dates taken out of the series</source>
            <translation>Dates retirées de la série</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="605" />
            <source>Date to take out</source>
            <translation>Date à retirer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="606" />
            <source>A&amp;dd date</source>
            <translation>Ajouter une &amp;date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="607" />
            <source>Take this date out of the series</source>
            <translation>Retirer cette date de la série</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="608" />
            <source>R&amp;emove date</source>
            <translation>Ret&amp;irer la date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="609" />
            <source>Put the selected date back</source>
            <translation>Remettre la date sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="620" />
            <location filename="../../app/views/admin/repeat_editor.py" line="623" />
            <source>Next occurrences</source>
            <translation>Prochaines occurrences</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="624" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="624" />
            <source>Time</source>
            <translation>Heure</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="641" />
            <source>S&amp;kip the selected date</source>
            <translation>Saut&amp;er la date sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="642" />
            <source>Take the selected occurrence's date out</source>
            <translation>Retirer la date de l'occurrence sélectionnée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="684" />
            <source>This rule has parts the simple controls cannot show; it is kept as written. Edit the text, or clear it and untick the box to start over.</source>
            <translation>Cette règle a des parties que les contrôles simples ne peuvent pas afficher; elle est conservée telle qu'écrite. Modifiez le texte, ou effacez-le et décochez la case pour recommencer.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="777" />
            <source>The simple controls cannot show this rule. Clear the text to start over with them.</source>
            <translation>Les contrôles simples ne peuvent pas afficher cette règle. Effacez le texte pour recommencer avec eux.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="820" />
            <source>day</source>
            <translation>jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="820" />
            <source>days</source>
            <translation>jours</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="821" />
            <source>week</source>
            <translation>semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="821" />
            <source>weeks</source>
            <translation>semaines</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="822" />
            <source>month</source>
            <translation>mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="822" />
            <source>months</source>
            <translation>mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="923" />
            <source>Closed on %1: no slots</source>
            <translation>Fermé le %1 : aucune plage</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="926" />
            <source>%1: no slots</source>
            <translation>%1 : aucune plage</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="926" />
            <source>Holiday</source>
            <translation>Jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="933" />
            <source>The window must end after it starts.</source>
            <translation>La plage doit se terminer après son début.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="941" />
            <location filename="../../app/views/admin/repeat_editor.py" line="956" />
            <source>The repeat rule cannot be read: %1</source>
            <translation>La règle de répétition ne peut pas être lue : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="944" />
            <source>never</source>
            <translation>jamais</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="947" />
            <source>The first window must be one of the repeat's dates; this rule would first repeat %1. Move the first date or change the days.</source>
            <translation>La première plage doit être une des dates de la répétition; cette règle se répéterait d'abord le %1. Déplacez la première date ou changez les jours.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="964" />
            <source>Skipped: the clocks go forward</source>
            <translation>Sautée : passage à l'heure avancée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="993" />
            <source>ddd d MMM yyyy</source>
            <translation>ddd d MMM yyyy</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1009" />
            <source> (next day)</source>
            <translation> (lendemain)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1021" />
            <source>No occurrence from today on.</source>
            <translation>Aucune occurrence à partir d'aujourd'hui.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1023" />
            <source>Happens once.</source>
            <translation>A lieu une seule fois.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/repeat_editor.py" line="1025" />
            <source>No further occurrences.</source>
            <translation>Aucune autre occurrence.</translation>
        </message>
    </context>
    <context>
        <name>RoleDialog</name>
        <message>
            <location filename="../../app/views/users_view.py" line="599" />
            <source>Change role</source>
            <translation>Changer le rôle</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="602" />
            <source>User:</source>
            <translation>Utilisateur :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="607" />
            <source>R&amp;ole:</source>
            <translation>R&amp;ôle :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="607" />
            <source>Role</source>
            <translation>Rôle</translation>
        </message>
    </context>
    <context>
        <name>ServicesPage</name>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="148" />
            <source>no time</source>
            <translation>aucune durée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="152" />
            <source>1 week</source>
            <translation>1 semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="152" />
            <source>{n} weeks</source>
            <translation>{n} semaines</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="155" />
            <source>1 day</source>
            <translation>1 jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="155" />
            <source>{n} days</source>
            <translation>{n} jours</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="156" />
            <source>1 hour</source>
            <translation>1 heure</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="156" />
            <source>{n} hours</source>
            <translation>{n} heures</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="157" />
            <source>1 minute</source>
            <translation>1 minute</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="157" />
            <source>{n} minutes</source>
            <translation>{n} minutes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="566" />
            <location filename="../../app/views/admin/services_page.py" line="574" />
            <source>Services</source>
            <translation>Services</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="577" />
            <source>Services of the branch</source>
            <translation>Services de la succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="583" />
            <source>New</source>
            <translation>Nouveau</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="584" />
            <location filename="../../app/views/admin/services_page.py" line="1058" />
            <location filename="../../app/views/admin/services_page.py" line="1215" />
            <source>New service</source>
            <translation>Nouveau service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="585" />
            <source>Remove…</source>
            <translation>Retirer…</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="586" />
            <location filename="../../app/views/admin/services_page.py" line="1343" />
            <source>Remove service</source>
            <translation>Retirer le service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="600" />
            <source>Selected service</source>
            <translation>Service sélectionné</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="602" />
            <source>the service's booking page</source>
            <translation>la page de réservation du service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="605" />
            <source>Rules of the service</source>
            <translation>Règles du service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="607" />
            <source>General</source>
            <translation>Général</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="608" />
            <source>Times</source>
            <translation>Heures</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="609" />
            <source>Agents and booking</source>
            <translation>Conseillers et réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="610" />
            <location filename="../../app/views/admin/services_page.py" line="810" />
            <source>Questions</source>
            <translation>Questions</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="611" />
            <source>Opening hours</source>
            <translation>Heures d'ouverture</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="614" />
            <source>Booking page texts</source>
            <translation>Textes des pages de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="619" />
            <source>Revert</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="620" />
            <source>Revert changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="621" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="622" />
            <source>Save service</source>
            <translation>Enregistrer le service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="675" />
            <location filename="../../app/views/admin/services_page.py" line="849" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="677" />
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="679" />
            <source>Description</source>
            <translation>Description</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="683" />
            <source>&amp;Description:</source>
            <translation>&amp;Description :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="686" />
            <source>&amp;Colour:</source>
            <translation>Co&amp;uleur :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="688" />
            <source>Bookable (when off, the service is kept but takes no new bookings)</source>
            <translation>Réservable (désactivé, le service est conservé mais ne prend plus de réservations)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="689" />
            <source>Bookable</source>
            <translation>Réservable</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="694" />
            <source>New bookings wait for a manager's approval</source>
            <translation>Les nouvelles réservations attendent l'approbation d'un gestionnaire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="695" />
            <source>Requires approval</source>
            <translation>Approbation requise</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="708" />
            <source>Duration</source>
            <translation>Durée</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="709" />
            <source>D&amp;uration:</source>
            <translation>D&amp;urée :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="711" />
            <source>Own slot step</source>
            <translation>Pas propre des plages</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="712" />
            <source>Slot step</source>
            <translation>Pas des plages</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="714" />
            <source>Off: slots start one appointment (with its buffers) apart.</source>
            <translation>Désactivé : les plages commencent à un rendez-vous (avec ses marges) d'intervalle.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="718" />
            <source>Slots start every:</source>
            <translation>Les plages commencent toutes les :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="720" />
            <source>Free time kept around each appointment</source>
            <translation>Temps libre gardé autour de chaque rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="722" />
            <source>Buffer before</source>
            <translation>Marge avant</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="723" />
            <source>Buffer after</source>
            <translation>Marge après</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="724" />
            <source>&amp;Before:</source>
            <translation>A&amp;vant :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="725" />
            <source>&amp;After:</source>
            <translation>A&amp;près :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="728" />
            <source>How far ahead it can be booked, counted from now</source>
            <translation>À quelle avance on peut réserver, à partir de maintenant</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="730" />
            <source>Minimum lead time</source>
            <translation>Délai minimal</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="731" />
            <source>Maximum lead time</source>
            <translation>Délai maximal</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="732" />
            <source>At the &amp;earliest:</source>
            <translation>Au plus &amp;tôt :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="733" />
            <source>At the &amp;latest:</source>
            <translation>Au plus t&amp;ard :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="737" />
            <source>Send a reminder</source>
            <translation>Envoyer un rappel</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="739" />
            <source>Reminder before</source>
            <translation>Rappel avant</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="742" />
            <source>&amp;Reminder before:</source>
            <translation>&amp;Rappel avant :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="747" />
            <location filename="../../app/views/admin/services_page.py" line="748" />
            <source>Agents who give this service</source>
            <translation>Conseillers qui offrent ce service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="754" />
            <source>The desk may choose the agent (off: the system assigns, balancing the load)</source>
            <translation>Le poste peut choisir le conseiller (désactivé : le système l'attribue en équilibrant la charge)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="755" />
            <source>Allow choosing the agent</source>
            <translation>Permettre de choisir le conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="760" />
            <source>Customers may cancel themselves</source>
            <translation>Les clients peuvent annuler eux-mêmes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="760" />
            <source>Allow cancelling</source>
            <translation>Permettre l'annulation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="768" />
            <source>Limit appointments per customer:</source>
            <translation>Limiter les rendez-vous par client :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="768" />
            <source>Limit per customer</source>
            <translation>Limite par client</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="772" />
            <source>Visitor limit count</source>
            <translation>Nombre de la limite par client</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="775" />
            <source>Visitor limit period</source>
            <translation>Période de la limite par client</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="779" />
            <source>per day</source>
            <translation>par jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="780" />
            <source>per week</source>
            <translation>par semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="781" />
            <source>per month</source>
            <translation>par mois</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="782" />
            <source>in the future</source>
            <translation>à venir</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="802" />
            <source>Questions the desk answers when booking this service. Answers are kept under the question's name: renaming one starts a new question.</source>
            <translation>Questions auxquelles le poste répond en réservant ce service. Les réponses sont conservées sous le nom de la question : la renommer crée une nouvelle question.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="811" />
            <location filename="../../app/views/admin/services_page.py" line="865" />
            <source>Question</source>
            <translation>Question</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="811" />
            <location filename="../../app/views/admin/services_page.py" line="867" />
            <source>Required</source>
            <translation>Obligatoire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="811" />
            <source>Kind</source>
            <translation>Type</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="811" />
            <location filename="../../app/views/admin/services_page.py" line="888" />
            <source>Choices</source>
            <translation>Choix</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="827" />
            <source>Availability</source>
            <translation>Disponibilité</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="828" />
            <source>When an agent who gives it works</source>
            <translation>Quand un conseiller qui l'offre travaille</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="830" />
            <source>Only when an agent works and the service's own hours are open</source>
            <translation>Seulement quand un conseiller travaille et que les heures propres du service sont ouvertes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="834" />
            <source>&amp;Bookable:</source>
            <translation>&amp;Réservable :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="836" />
            <source>The service's own hours</source>
            <translation>Les heures propres du service</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="837" />
            <source>Days</source>
            <translation>Jours</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="837" />
            <location filename="../../app/views/admin/services_page.py" line="849" />
            <location filename="../../app/views/admin/services_page.py" line="921" />
            <source>From</source>
            <translation>Du</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="837" />
            <location filename="../../app/views/admin/services_page.py" line="849" />
            <location filename="../../app/views/admin/services_page.py" line="921" />
            <source>To</source>
            <translation>Au</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="846" />
            <source>Own hours:</source>
            <translation>Heures propres :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="848" />
            <source>Days the service is closed</source>
            <translation>Jours où le service est fermé</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="858" />
            <source>Closed on:</source>
            <translation>Fermé le :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="868" />
            <source>Answer required</source>
            <translation>Réponse obligatoire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="872" />
            <source>Kind of answer</source>
            <translation>Type de réponse</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="876" />
            <source>Text</source>
            <translation>Texte</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="877" />
            <source>Several lines</source>
            <translation>Plusieurs lignes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="878" />
            <source>Number</source>
            <translation>Nombre</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="879" />
            <source>Date</source>
            <translation>Date</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="880" />
            <source>Choice</source>
            <translation>Choix</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="889" />
            <source>choices separated by ;</source>
            <translation>choix séparés par ;</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="925" />
            <source>24-hour time such as "09:00"; "24:00" is midnight.</source>
            <translation>Heure sur 24 heures comme « 09:00 »; « 24:00 » est minuit.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="948" />
            <source>First closed day</source>
            <translation>Premier jour de fermeture</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="949" />
            <source>Last closed day</source>
            <translation>Dernier jour de fermeture</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="958" />
            <source>Holiday name</source>
            <translation>Nom du jour férié</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="959" />
            <source>optional</source>
            <translation>facultatif</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1031" />
            <location filename="../../app/views/admin/services_page.py" line="1049" />
            <source>%s (inactive)</source>
            <translation>%s (inactif)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1038" />
            <source>Agents who give this service (none yet)</source>
            <translation>Conseillers qui offrent ce service (aucun pour l'instant)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1055" />
            <source>Kept for its appointments; no longer bookable.</source>
            <translation>Conservé pour ses rendez-vous; n'est plus réservable.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1146" />
            <source>The service is not bookable, so its page says it is not available.</source>
            <translation>Le service n'est pas réservable : sa page indique qu'il n'est pas offert.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1149" />
            <source>No agent gives the service, so its page says it takes no appointments.</source>
            <translation>Aucun conseiller n'offre le service : sa page indique qu'il ne prend aucun rendez-vous.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1215" />
            <source>New service: %s</source>
            <translation>Nouveau service : %s</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1219" />
            <source> (not saved)</source>
            <translation> (non enregistré)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1238" />
            <location filename="../../app/views/admin/services_page.py" line="1272" />
            <source>Unsaved changes</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1239" />
            <location filename="../../app/views/admin/services_page.py" line="1273" />
            <source>The changes to this service are not saved. Discard them?</source>
            <translation>Les modifications de ce service ne sont pas enregistrées. Les abandonner?</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1314" />
            <source>Saved.</source>
            <translation>Enregistré.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1334" />
            <source>“%1” is used by %2 appointment(s), so it cannot be deleted. It will be kept, inactive: its appointments stay, and it can no longer be booked.</source>
            <translation>« %1 » est utilisé par %2 rendez-vous; il ne peut donc pas être supprimé. Il sera conservé comme inactif : ses rendez-vous restent et il ne peut plus être réservé.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1340" />
            <source>No appointment uses “%1”, so it will be deleted, with the agents' hours kept only for it.</source>
            <translation>Aucun rendez-vous n'utilise « %1 »; il sera donc supprimé, avec les heures des conseillers réservées à ce service.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1343" />
            <source>Remove it?</source>
            <translation>Le retirer?</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1355" />
            <source>“%1” is kept, inactive.</source>
            <translation>« %1 » est conservé comme inactif.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1357" />
            <source>“%1” was deleted.</source>
            <translation>« %1 » a été supprimé.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1406" />
            <source>Something went wrong and nothing was saved. Try again; if it happens again, tell your administrator.</source>
            <translation>Un problème est survenu et rien n'a été enregistré. Réessayez; si cela se reproduit, avisez votre administrateur.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1432" />
            <source>Row %1: %2</source>
            <translation>Ligne %1 : %2</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1439" />
            <source>Not saved: correct what is marked, then save again.</source>
            <translation>Non enregistré : corrigez ce qui est indiqué, puis enregistrez de nouveau.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/services_page.py" line="1454" />
            <source>Some of %1's working hours are kept for this service, so %1 must stay one of its agents. Change those hours on the Agents page first.</source>
            <translation>Certaines heures de travail de %1 sont réservées à ce service; %1 doit donc rester un de ses conseillers. Modifiez d'abord ces heures dans la page Conseillers.</translation>
        </message>
    </context>
    <context>
        <name>SettingsPage</name>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="308" />
            <source>Busy</source>
            <translation>Occupé</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="309" />
            <source>Tentative</source>
            <translation>Provisoire</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="310" />
            <source>Out of office</source>
            <translation>Absent du bureau</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="311" />
            <source>Working elsewhere</source>
            <translation>Travaille ailleurs</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="312" />
            <source>Unknown</source>
            <translation>Inconnu</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="313" />
            <source>Free</source>
            <translation>Libre</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="316" />
            <source>An e-mail address or a phone number</source>
            <translation>Une adresse courriel ou un numéro de téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="317" />
            <source>An e-mail address</source>
            <translation>Une adresse courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="318" />
            <source>A phone number</source>
            <translation>Un numéro de téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="319" />
            <source>Both an e-mail address and a phone number</source>
            <translation>Une adresse courriel et un numéro de téléphone</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="320" />
            <source>Nothing: a name is enough</source>
            <translation>Rien : un nom suffit</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="325" />
            <source>Customers must give</source>
            <translation>Les clients doivent fournir</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="326" />
            <source>Checked whenever a customer is added or changed.</source>
            <translation>Vérifié chaque fois qu'un client est ajouté ou modifié.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="327" />
            <source>Contact details customers must give</source>
            <translation>Coordonnées que les clients doivent fournir</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="331" />
            <source>Local phone numbers</source>
            <translation>Numéros de téléphone locaux</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="332" />
            <source>Numbers of this country may be typed without + and the country code.</source>
            <translation>Les numéros de ce pays peuvent être tapés sans + ni indicatif de pays.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="333" />
            <source>Country of local phone numbers</source>
            <translation>Pays des numéros de téléphone locaux</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="337" />
            <source>Calendar events that take an agent's time</source>
            <translation>Événements de calendrier qui prennent le temps d'un conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="338" />
            <source>Events in the agents' own calendars shown as these keep their time taken.</source>
            <translation>Les événements des calendriers des conseillers affichés ainsi gardent leur temps pris.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="343" />
            <source>Free agents needed for “any agent”</source>
            <translation>Conseillers libres requis pour « n'importe quel conseiller »</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="345" />
            <source>Share of a service's agents that must be free at a time for it to be offered with any agent. 0 %: one free agent is enough.</source>
            <translation>Part des conseillers d'un service qui doivent être libres à une heure donnée pour l'offrir avec n'importe quel conseiller. 0 % : un conseiller libre suffit.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="348" />
            <source>Share of free agents needed</source>
            <translation>Part de conseillers libres requise</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="352" />
            <source>the desk</source>
            <translation>le poste</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="352" />
            <source>Desk staff</source>
            <translation>Personnel du comptoir</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="353" />
            <source>customers booking themselves</source>
            <translation>les clients qui réservent eux-mêmes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="353" />
            <source>Customers</source>
            <translation>Clients</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="359" />
            <location filename="../../app/views/admin/settings_page.py" line="362" />
            <source>%1: earliest bookable day</source>
            <translation>%1 : premier jour réservable</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="360" />
            <source>Days from today before the first day %1 can book.</source>
            <translation>Jours à partir d'aujourd'hui avant le premier jour où %1 peut réserver.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="364" />
            <source> days from today</source>
            <translation> jours à partir d'aujourd'hui</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="365" />
            <source>Today</source>
            <translation>Aujourd'hui</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="372" />
            <source>%1: nothing bookable in the next</source>
            <translation>%1 : rien de réservable dans les prochaines</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="373" />
            <source>Minutes after the present moment in which %1 cannot book.</source>
            <translation>Minutes après le moment présent pendant lesquelles %1 ne peut pas réserver.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="377" />
            <source>%1: minutes after now that cannot be booked</source>
            <translation>%1 : minutes après maintenant qui ne peuvent pas être réservées</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="379" />
            <source> minutes</source>
            <translation> minutes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="380" />
            <source>No delay</source>
            <translation>Aucun délai</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="387" />
            <source>Customers: bookings per day</source>
            <translation>Clients : réservations par jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="389" />
            <source>Most appointments one customer may book on the booking pages for the same day. The desk is not limited.</source>
            <translation>Nombre maximal de rendez-vous qu'un client peut réserver sur les pages de réservation pour une même journée. L'accueil n'est pas limité.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="393" />
            <source>Most self-service bookings per customer and day</source>
            <translation>Réservations en libre-service au plus par client et par jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="395" />
            <source> per day</source>
            <translation> par jour</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="396" />
            <source>No limit</source>
            <translation>Aucune limite</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="403" />
            <location filename="../../app/views/admin/settings_page.py" line="410" />
            <source>Public address of the booking pages</source>
            <translation>Adresse publique des pages de réservation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="405" />
            <source>Where customers reach the booking pages, such as https://book.branch.example. The links the desk copies and the e-mails send start with it; empty: the pages are not published.</source>
            <translation>Où les clients trouvent les pages de réservation, comme https://book.branch.example. Les liens que l'accueil copie et que les courriels envoient commencent par elle; vide : les pages ne sont pas publiées.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="411" />
            <source>https://book.branch.example</source>
            <translation>https://rdv.succursale.exemple</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="418" />
            <source>Cancel unconfirmed requests after</source>
            <translation>Annuler les demandes non confirmées après</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="419" />
            <source>Requests a manager has not confirmed by then are cancelled.</source>
            <translation>Les demandes qu'un gestionnaire n'a pas confirmées d'ici là sont annulées.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="421" />
            <source>Hours after which unconfirmed requests are cancelled</source>
            <translation>Heures après lesquelles les demandes non confirmées sont annulées</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="423" />
            <source> hours</source>
            <translation> heures</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="424" />
            <location filename="../../app/views/admin/settings_page.py" line="437" />
            <source>Never</source>
            <translation>Jamais</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="431" />
            <source>Archive appointments</source>
            <translation>Archiver les rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="432" />
            <source>Days after its end before an appointment is archived.</source>
            <translation>Jours après sa fin avant qu'un rendez-vous soit archivé.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="434" />
            <source>Days after which appointments are archived</source>
            <translation>Jours après lesquels les rendez-vous sont archivés</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="436" />
            <source> days after they end</source>
            <translation> jours après leur fin</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="445" />
            <location filename="../../app/views/admin/settings_page.py" line="453" />
            <source>Language of the desk</source>
            <translation>Langue du poste</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="446" />
            <source>Takes effect the next time Front Desk starts; FRONTDESK_LANG overrides it.</source>
            <translation>Prend effet au prochain démarrage de Front Desk; FRONTDESK_LANG a préséance.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="449" />
            <source>The computer's language</source>
            <translation>La langue de l'ordinateur</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="468" />
            <source>General settings</source>
            <translation>Paramètres généraux</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="477" />
            <source>Values set here apply to this branch only. A setting the branch has no value of its own for follows the desk-wide value.</source>
            <translation>Les valeurs définies ici s'appliquent à cette succursale seulement. Un paramètre sans valeur propre à la succursale suit la valeur de l'ensemble des postes.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="515" />
            <source>Where the value comes from: %1</source>
            <translation>Provenance de la valeur : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="517" />
            <source>Use default</source>
            <translation>Valeur par défaut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="519" />
            <source>Use the default for: %1</source>
            <translation>Utiliser la valeur par défaut pour : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="522" />
            <source>Remove this branch's own value; the desk-wide value applies again.</source>
            <translation>Retirer la valeur propre à cette succursale; la valeur de l'ensemble des postes s'applique de nouveau.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="537" />
            <source>&amp;Revert</source>
            <translation>Annuler les &amp;modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="538" />
            <source>Revert the changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="540" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="541" />
            <source>Save the settings</source>
            <translation>Enregistrer les paramètres</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="582" />
            <source>This branch's own value</source>
            <translation>Valeur propre à cette succursale</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="584" />
            <source>Inherited: desk-wide value</source>
            <translation>Héritée : valeur de l'ensemble des postes</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="585" />
            <source>Inherited: default</source>
            <translation>Héritée : valeur par défaut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="651" />
            <source>The settings are saved.</source>
            <translation>Les paramètres sont enregistrés.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="670" />
            <source>The settings could not be saved because of an unexpected error; it is logged.</source>
            <translation>Les paramètres n'ont pas pu être enregistrés à cause d'une erreur inattendue; elle a été consignée.</translation>
        </message>
    </context>
    <context>
        <name>ShowAsEditor</name>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="149" />
            <source>Takes the agent's time: %1</source>
            <translation>Prend le temps du conseiller : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/settings_page.py" line="153" />
            <source>Busy events always take the agent's time.</source>
            <translation>Les événements occupés prennent toujours le temps du conseiller.</translation>
        </message>
    </context>
    <context>
        <name>SignInDialog</name>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="69" />
            <source>Sign in to Front Desk</source>
            <translation>Connexion à Front Desk</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="70" />
            <location filename="../../app/views/dialogs/sign_in.py" line="90" />
            <source>Sign in</source>
            <translation>Se connecter</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="72" />
            <source>Please sign in with your user name and password.</source>
            <translation>Veuillez vous connecter avec votre nom d'utilisateur et votre mot de passe.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="75" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="78" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="82" />
            <source>&amp;User name:</source>
            <translation>Nom d'&amp;utilisateur :</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="83" />
            <source>&amp;Password:</source>
            <translation>&amp;Mot de passe :</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="88" />
            <source>&amp;Sign in</source>
            <translation>&amp;Se connecter</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="93" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="138" />
            <source>Enter your user name and your password.</source>
            <translation>Entrez votre nom d'utilisateur et votre mot de passe.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="167" />
            <source>Too many tries: please wait a second before the next.</source>
            <translation>Trop d'essais : veuillez attendre une seconde avant le prochain.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="169" />
            <source>Too many tries: please wait %1 seconds before the next.</source>
            <translation>Trop d'essais : veuillez attendre %1 secondes avant le prochain.</translation>
        </message>
        <message>
            <location filename="../../app/views/dialogs/sign_in.py" line="182" />
            <source>Signing in did not work because of a problem with the database. Try again; if it keeps happening, call your administrator.</source>
            <translation>La connexion n'a pas fonctionné à cause d'un problème avec la base de données. Réessayez; si cela continue, appelez votre administrateur.</translation>
        </message>
    </context>
    <context>
        <name>SlotListModel</name>
        <message>
            <location filename="../../app/views/models/slots.py" line="127" />
            <source>%1 (chosen time)</source>
            <translation>%1 (heure choisie)</translation>
        </message>
        <message>
            <location filename="../../app/views/models/slots.py" line="155" />
            <source>Not among the offered times; the booking is checked when you book.</source>
            <translation>Ne fait pas partie des heures offertes; la réservation est vérifiée au moment de réserver.</translation>
        </message>
        <message>
            <location filename="../../app/views/models/slots.py" line="157" />
            <source>Free: %1</source>
            <translation>Libre : %1</translation>
        </message>
    </context>
    <context>
        <name>StatusesPage</name>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="103" />
            <source>Appointment statuses</source>
            <translation>Statuts des rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="112" />
            <source>Statuses are shared by every branch. The seven built-in statuses are shown for reference and cannot be changed; add statuses of your own beside them.</source>
            <translation>Les statuts sont communs à toutes les succursales. Les sept statuts intégrés sont affichés à titre de référence et ne peuvent pas être modifiés; ajoutez vos propres statuts à côté.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="129" />
            <source>Statuses</source>
            <translation>Statuts</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="134" />
            <location filename="../../app/views/admin/statuses_page.py" line="150" />
            <source>Status</source>
            <translation>Statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="134" />
            <source>Key</source>
            <translation>Clé</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="134" />
            <source>Meaning</source>
            <translation>Signification</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="134" />
            <source>Appointments</source>
            <translation>Rendez-vous</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="142" />
            <source>&amp;New status</source>
            <translation>Nou&amp;veau statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="143" />
            <source>Add a new status</source>
            <translation>Ajouter un nouveau statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="154" />
            <source>A built-in status: its meaning is part of the booking rules.</source>
            <translation>Un statut intégré : sa signification fait partie des règles de réservation.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="159" />
            <source>Status key</source>
            <translation>Clé du statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="165" />
            <source>Used by scripts and the command line: lower-case letters and digits, words joined by - or _. It cannot be changed once saved.</source>
            <translation>Utilisée par les scripts et la ligne de commande : lettres minuscules et chiffres, mots joints par - ou _. Elle ne peut plus être changée une fois enregistrée.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="170" />
            <source>&amp;Key:</source>
            <translation>&amp;Clé :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="173" />
            <source>Status name</source>
            <translation>Nom du statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="175" />
            <source>What people see.</source>
            <translation>Ce que les gens voient.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="176" />
            <source>&amp;Name:</source>
            <translation>&amp;Nom :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="179" />
            <source>Status description</source>
            <translation>Description du statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="184" />
            <source>A sentence on what the status means.</source>
            <translation>Une phrase sur ce que signifie le statut.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="186" />
            <source>&amp;Description:</source>
            <translation>&amp;Description :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="189" />
            <source>Status position</source>
            <translation>Position du statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="194" />
            <source>Its place in status lists; the built-in statuses are 1 to 7.</source>
            <translation>Sa place dans les listes de statuts; les statuts intégrés vont de 1 à 7.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="197" />
            <source>&amp;Position:</source>
            <translation>&amp;Position :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="200" />
            <source>What moving to the status means</source>
            <translation>Ce que signifie le passage à ce statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="202" />
            <source>Moving to this status has no special effect.</source>
            <translation>Passer à ce statut n'a aucun effet particulier.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="204" />
            <source>New bookings of services that need approval begin in the first such status; a manager confirms them.</source>
            <translation>Les nouvelles réservations des services qui exigent une approbation commencent au premier statut de ce genre; un gestionnaire les confirme.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="208" />
            <source>Moving here confirms the appointment (from a start status this needs the approve permission); bookings of other services begin in the first such status.</source>
            <translation>Passer ici confirme le rendez-vous (depuis un statut de départ, il faut la permission d'approuver); les réservations des autres services commencent au premier statut de ce genre.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="213" />
            <source>Moving here cancels the appointment: a reason is required and the service's cancellation rule applies.</source>
            <translation>Passer ici annule le rendez-vous : un motif est requis et la règle d'annulation du service s'applique.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="217" />
            <source>No special meaning</source>
            <translation>Aucune signification particulière</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="218" />
            <source>Start: awaits confirmation</source>
            <translation>Départ : attend une confirmation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="219" />
            <source>Confirmation: confirms</source>
            <translation>Confirmation : confirme</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="220" />
            <source>Cancellation: cancels</source>
            <translation>Annulation : annule</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="223" />
            <source>&amp;Meaning:</source>
            <translation>&amp;Signification :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="226" />
            <source>Status colour</source>
            <translation>Couleur du statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="230" />
            <source>The status's colour in the calendar.</source>
            <translation>La couleur du statut dans le calendrier.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="232" />
            <source>Colour:</source>
            <translation>Couleur :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="234" />
            <source>Keeps the agent's time taken</source>
            <translation>Garde le temps du conseiller pris</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="235" />
            <source>Appointments in this status take the time</source>
            <translation>Les rendez-vous à ce statut prennent le temps</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="239" />
            <source>Untick for statuses whose appointments free the agent's time.</source>
            <translation>Décochez pour les statuts dont les rendez-vous libèrent le temps du conseiller.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="242" />
            <source>Agent's time:</source>
            <translation>Temps du conseiller :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="247" />
            <source>Every service of every branch</source>
            <translation>Tous les services de toutes les succursales</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="248" />
            <source>Used with every service</source>
            <translation>Utilisé avec tous les services</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="256" />
            <source>Untick it to use the status only with the services ticked above (this branch's; other branches choose their own).</source>
            <translation>Décochez-la pour utiliser le statut seulement avec les services cochés ci-dessus (ceux de cette succursale; les autres succursales choisissent les leurs).</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="261" />
            <source>Used with:</source>
            <translation>Utilisé avec :</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="265" />
            <source>&amp;Revert</source>
            <translation>Annuler les &amp;modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="266" />
            <source>Revert the changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="268" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="269" />
            <source>Save the status</source>
            <translation>Enregistrer le statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="345" />
            <source>%1 (inactive)</source>
            <translation>%1 (inactif)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="348" />
            <source>Used with %1</source>
            <translation>Utilisé avec %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="367" />
            <source>Start</source>
            <translation>Début</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="368" />
            <source>Confirmation</source>
            <translation>Confirmation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="369" />
            <source>Cancellation</source>
            <translation>Annulation</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="374" />
            <source>%1 (built-in)</source>
            <translation>%1 (intégré)</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="428" />
            <source>Unsaved changes</source>
            <translation>Modifications non enregistrées</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="429" />
            <source>The status you are editing has unsaved changes. Drop them?</source>
            <translation>Le statut que vous modifiez a des modifications non enregistrées. Les abandonner?</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="451" />
            <source>New status</source>
            <translation>Nouveau statut</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="453" />
            <source>Status: %1</source>
            <translation>Statut : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="550" />
            <source>A status with the key "%1" exists already; choose another key, or select that status in the list to change it.</source>
            <translation>Un statut avec la clé « %1 » existe déjà; choisissez une autre clé, ou sélectionnez ce statut dans la liste pour le modifier.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="585" />
            <source>The status %1 is saved.</source>
            <translation>Le statut %1 est enregistré.</translation>
        </message>
        <message>
            <location filename="../../app/views/admin/statuses_page.py" line="604" />
            <source>The status could not be saved because of an unexpected error; it is logged.</source>
            <translation>Le statut n'a pas pu être enregistré à cause d'une erreur inattendue; elle a été consignée.</translation>
        </message>
    </context>
    <context>
        <name>TemplatesPage</name>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="166" />
            <source>E-mail templates</source>
            <translation>Modèles de courriel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="169" />
            <source>Event</source>
            <translation>Événement</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="173" />
            <source>Recipient</source>
            <translation>Destinataire</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="174" />
            <source>Customer</source>
            <translation>Client</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="175" />
            <source>Agent</source>
            <translation>Conseiller</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="177" />
            <source>For which service</source>
            <translation>Pour quel service</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="183" />
            <source>Where this text comes from</source>
            <translation>Provenance de ce texte</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="188" />
            <source>&amp;E-mail:</source>
            <translation>C&amp;ourriel :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="189" />
            <source>&amp;To:</source>
            <translation>&amp;Au :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="190" />
            <source>&amp;Used for:</source>
            <translation>&amp;Utilisé pour :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="199" />
            <source>Subject</source>
            <translation>Objet</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="201" />
            <source>Body</source>
            <translation>Corps</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="204" />
            <source>Template problem</source>
            <translation>Problème de modèle</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="207" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="208" />
            <source>Save this template</source>
            <translation>Enregistrer ce modèle</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="209" />
            <source>&amp;Back to the default</source>
            <translation>&amp;Revenir au texte par défaut</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="210" />
            <source>Remove this own template</source>
            <translation>Retirer ce modèle propre</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="212" />
            <source>Template status</source>
            <translation>État du modèle</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="218" />
            <source>Su&amp;bject:</source>
            <translation>O&amp;bjet :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="220" />
            <source>B&amp;ody:</source>
            <translation>Cor&amp;ps :</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="235" />
            <source>Placeholders; Enter inserts one</source>
            <translation>Champs de fusion; Entrée en insère un</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="236" />
            <source>Click a placeholder to insert it</source>
            <translation>Cliquez sur un champ de fusion pour l'insérer</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="237" />
            <source>&amp;Placeholders</source>
            <translation>&amp;Champs de fusion</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="239" />
            <source>Click one to insert it where the cursor is.</source>
            <translation>Cliquez sur un champ pour l'insérer à la position du curseur.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="245" />
            <source>Preview sample</source>
            <translation>Exemple d'aperçu</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="248" />
            <source>Preview subject</source>
            <translation>Aperçu de l'objet</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="255" />
            <source>Preview body</source>
            <translation>Aperçu du corps</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="257" />
            <source>Preview</source>
            <translation>Aperçu</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="312" />
            <source>Request received</source>
            <translation>Demande reçue</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="313" />
            <source>Confirmed</source>
            <translation>Confirmé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="314" />
            <source>Rejected</source>
            <translation>Refusé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="315" />
            <source>Booked</source>
            <translation>Réservé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="316" />
            <source>Rescheduled</source>
            <translation>Déplacé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="317" />
            <source>Cancelled</source>
            <translation>Annulé</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="318" />
            <source>No-show</source>
            <translation>Absent</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="319" />
            <source>Reminder</source>
            <translation>Rappel</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="339" />
            <source>All services (branch default)</source>
            <translation>Tous les services (par défaut de la succursale)</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="376" />
            <source>the advisor is away that day</source>
            <translation>le conseiller est absent ce jour-là</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="394" />
            <location filename="../../app/views/mail/templates_page.py" line="469" />
            <source>Changes not saved.</source>
            <translation>Modifications non enregistrées.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="399" />
            <source>This service has its own text.</source>
            <translation>Ce service a son propre texte.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="401" />
            <source>The branch has its own text for all its services.</source>
            <translation>La succursale a son propre texte pour tous ses services.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="404" />
            <source>This service uses the branch's text; saving gives it its own.</source>
            <translation>Ce service utilise le texte de la succursale; l'enregistrer lui en donne un propre.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="406" />
            <source>This service uses the shipped text; saving gives it its own.</source>
            <translation>Ce service utilise le texte fourni; l'enregistrer lui en donne un propre.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="408" />
            <source>The branch uses the shipped text; saving gives it its own.</source>
            <translation>La succursale utilise le texte fourni; l'enregistrer lui en donne un propre.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="418" />
            <source>A field the customer fills in when booking</source>
            <translation>Un champ que le client remplit en réservant</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="479" />
            <source>Filled from the next appointment: %1, %2.</source>
            <translation>Rempli à partir du prochain rendez-vous : %1, %2.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="481" />
            <source>No appointment ahead: filled from a made-up one (%1, %2).</source>
            <translation>Aucun rendez-vous à venir : rempli à partir d'un rendez-vous fictif (%1, %2).</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="525" />
            <source>Not saved.</source>
            <translation>Non enregistré.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="529" />
            <source>Template saved.</source>
            <translation>Modèle enregistré.</translation>
        </message>
        <message>
            <location filename="../../app/views/mail/templates_page.py" line="560" />
            <source>Back to the default text.</source>
            <translation>Retour au texte par défaut.</translation>
        </message>
    </context>
    <context>
        <name>TimeGridView</name>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="158" />
            <source>Calendar grid</source>
            <translation>Grille du calendrier</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="163" />
            <source>Scroll columns</source>
            <translation>Faire défiler les colonnes</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="164" />
            <source>Scroll hours</source>
            <translation>Faire défiler les heures</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="244" />
            <source>Day calendar</source>
            <translation>Calendrier de la journée</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="244" />
            <source>Week calendar</source>
            <translation>Calendrier de la semaine</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="864" />
            <source>(ends %1)</source>
            <translation>(se termine %1)</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="874" />
            <source>No agent yet</source>
            <translation>Aucun conseiller pour l'instant</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="899" />
            <source>free</source>
            <translation>libre</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="900" />
            <source>past</source>
            <translation>passé</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="901" />
            <source>blocked: %1</source>
            <translation>bloqué : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="902" />
            <source>busy</source>
            <translation>occupé</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="903" />
            <source>closed</source>
            <translation>fermé</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="904" />
            <source>not working</source>
            <translation>ne travaille pas</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="952" />
            <source>Self-service: booked online by the customer</source>
            <translation>Libre-service : réservé en ligne par le client</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="968" />
            <source>With %1</source>
            <translation>Avec %1</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="970" />
            <source>Status: %1</source>
            <translation>Statut : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="974" />
            <source>Notes: %1</source>
            <translation>Notes : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="978" />
            <source>Free: click to book at %1</source>
            <translation>Libre : cliquer pour réserver à %1</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="981" />
            <source>Blocked: %1</source>
            <translation>Bloqué : %1</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="981" />
            <location filename="../../app/views/calendar/timegrid.py" line="1109" />
            <source>Blocked</source>
            <translation>Bloqué</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="984" />
            <location filename="../../app/views/calendar/timegrid.py" line="1114" />
            <source>Busy</source>
            <translation>Occupé</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="986" />
            <location filename="../../app/views/calendar/timegrid.py" line="1127" />
            <location filename="../../app/views/calendar/timegrid.py" line="1386" />
            <source>Closed</source>
            <translation>Fermé</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="1045" />
            <source>Nothing to show yet.</source>
            <translation>Rien à afficher pour l'instant.</translation>
        </message>
        <message>
            <location filename="../../app/views/calendar/timegrid.py" line="1047" />
            <source>No agent to show for this day.</source>
            <translation>Aucun conseiller à afficher pour cette journée.</translation>
        </message>
    </context>
    <context>
        <name>UserFormDialog</name>
        <message>
            <location filename="../../app/views/users_view.py" line="418" />
            <source>&amp;Save</source>
            <translation>&amp;Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="420" />
            <source>Save</source>
            <translation>Enregistrer</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="423" />
            <source>Cancel</source>
            <translation>Annuler</translation>
        </message>
        <message numerus="yes">
            <location filename="../../app/views/users_view.py" line="459" />
            <source>At least %n characters</source>
            <translation>
                <numerusform>Au moins %n caractère</numerusform>
                <numerusform>Au moins %n caractères</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="460" />
            <source>&amp;Password:</source>
            <translation>&amp;Mot de passe :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="460" />
            <source>Password</source>
            <translation>Mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="461" />
            <source>&amp;Repeat password:</source>
            <translation>&amp;Répéter le mot de passe :</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="461" />
            <source>Repeat password</source>
            <translation>Répéter le mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="486" />
            <source>The two passwords are not the same. Type them again.</source>
            <translation>Les deux mots de passe ne sont pas identiques. Tapez-les de nouveau.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="513" />
            <source>The change could not be saved because of a problem with the database.</source>
            <translation>La modification n'a pas pu être enregistrée à cause d'un problème avec la base de données.</translation>
        </message>
    </context>
    <context>
        <name>UsersModel</name>
        <message>
            <location filename="../../app/views/users_view.py" line="137" />
            <source>User name</source>
            <translation>Nom d'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="138" />
            <source>Name</source>
            <translation>Nom</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="139" />
            <source>Role</source>
            <translation>Rôle</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="140" />
            <source>Linked agent</source>
            <translation>Conseiller lié</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="141" />
            <source>Active</source>
            <translation>Actif</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="142" />
            <source>Last sign-in</source>
            <translation>Dernière connexion</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="190" />
            <source>Removed: cannot sign in or act; kept for the history.</source>
            <translation>Retiré : ne peut ni se connecter ni agir; conservé pour l'historique.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="192" />
            <source>No password: this account cannot sign in.</source>
            <translation>Aucun mot de passe : ce compte ne peut pas se connecter.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="206" />
            <source>Removed</source>
            <translation>Retiré</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="207" />
            <source>Yes</source>
            <translation>Oui</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="207" />
            <source>Yes (no password)</source>
            <translation>Oui (aucun mot de passe)</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="209" />
            <source>Never</source>
            <translation>Jamais</translation>
        </message>
    </context>
    <context>
        <name>UsersView</name>
        <message>
            <location filename="../../app/views/users_view.py" line="658" />
            <location filename="../../app/views/users_view.py" line="661" />
            <source>Users and permissions</source>
            <translation>Utilisateurs et permissions</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="664" />
            <source>&amp;Users</source>
            <translation>&amp;Utilisateurs</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="665" />
            <source>&amp;Permissions</source>
            <translation>&amp;Permissions</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="684" />
            <source>Show &amp;removed users</source>
            <translation>Afficher les utilisateurs &amp;retirés</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="685" />
            <source>Show removed users</source>
            <translation>Afficher les utilisateurs retirés</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="689" />
            <source>Users</source>
            <translation>Utilisateurs</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="705" />
            <source>&amp;Add user…</source>
            <translation>&amp;Ajouter un utilisateur…</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="706" />
            <source>Change r&amp;ole…</source>
            <translation>Changer le r&amp;ôle…</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="707" />
            <source>Reset pass&amp;word…</source>
            <translation>Réinitialiser le &amp;mot de passe…</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="708" />
            <source>Re&amp;move…</source>
            <translation>Re&amp;tirer…</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="710" />
            <source>Add user</source>
            <translation>Ajouter un utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="711" />
            <source>Change role</source>
            <translation>Changer le rôle</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="712" />
            <source>Reset password</source>
            <translation>Réinitialiser le mot de passe</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="713" />
            <location filename="../../app/views/users_view.py" line="944" />
            <source>Remove user</source>
            <translation>Retirer l'utilisateur</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="740" />
            <source>Permissions by role</source>
            <translation>Permissions par rôle</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="751" />
            <source>&amp;Save permissions</source>
            <translation>&amp;Enregistrer les permissions</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="752" />
            <source>Save permissions</source>
            <translation>Enregistrer les permissions</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="754" />
            <source>U&amp;ndo changes</source>
            <translation>A&amp;nnuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="755" />
            <source>Undo changes</source>
            <translation>Annuler les modifications</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="795" />
            <source>People who may use this desk. Removed users stay in the history but can no longer sign in.</source>
            <translation>Les personnes qui peuvent utiliser ce poste. Les utilisateurs retirés restent dans l'historique, mais ne peuvent plus se connecter.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="801" />
            <source>Tick what each role may do, then save. The administrator role always keeps “Administer”, so that somebody can always manage the desk.</source>
            <translation>Cochez ce que chaque rôle peut faire, puis enregistrez. Le rôle administrateur garde toujours « Administrer », pour que quelqu'un puisse toujours gérer le poste.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="808" />
            <source>You are working as %1. Only an administrator can see and change users.</source>
            <translation>Vous travaillez en tant que %1. Seul un administrateur peut voir et modifier les utilisateurs.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="813" />
            <source>What each role may do. Only an administrator can change this table; ask one if your role needs more.</source>
            <translation>Ce que chaque rôle peut faire. Seul un administrateur peut modifier ce tableau; demandez-le à l'un d'eux si votre rôle a besoin de plus.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="839" />
            <source>Nobody signs in at this desk yet: it opens for everyone as the built-in desk user. As soon as a user has a password, everyone signs in.</source>
            <translation>Personne ne se connecte encore à ce poste : il s'ouvre pour tous sous l'utilisateur intégré du poste. Dès qu'un utilisateur a un mot de passe, tout le monde se connecte.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="846" />
            <source>From the next start everyone signs in, but no administrator has a password: give one to an administrator (Reset password), or users and settings can then be changed only from the command line.</source>
            <translation>Au prochain démarrage, tout le monde se connecte, mais aucun administrateur n'a de mot de passe : donnez-en un à un administrateur (Réinitialiser le mot de passe), sinon les utilisateurs et les paramètres ne pourront être modifiés qu'en ligne de commande.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="887" />
            <source>%1 was added.</source>
            <translation>%1 a été ajouté.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="897" />
            <source>%1 is now %2.</source>
            <translation>%1 est maintenant %2.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="910" />
            <source>The password of %1 was changed.</source>
            <translation>Le mot de passe de %1 a été changé.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="946" />
            <source>Remove %1? They will no longer be able to sign in or act at the desk. Their name stays on the appointments and in the audit trail.</source>
            <translation>Retirer %1? Cette personne ne pourra plus se connecter ni agir au poste. Son nom reste sur les rendez-vous et dans le journal d'audit.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="953" />
            <source>&amp;Remove</source>
            <translation>&amp;Retirer</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="974" />
            <source>%1 was removed.</source>
            <translation>%1 a été retiré.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="999" />
            <source>The permissions were saved.</source>
            <translation>Les permissions ont été enregistrées.</translation>
        </message>
        <message>
            <location filename="../../app/views/users_view.py" line="1032" />
            <source>The change could not be saved because of a problem with the database.</source>
            <translation>La modification n'a pas pu être enregistrée à cause d'un problème avec la base de données.</translation>
        </message>
    </context>
</TS>
