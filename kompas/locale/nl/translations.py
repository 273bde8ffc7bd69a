"""Dutch translations of the interface, applied to django.po by scripts/translate-nl.

Kept as data so that `kompas makemessages` can rebuild the catalogue from the templates
without losing them. Every msgid of the interface must be here (a test checks the .po).
"""

NL = {
    "Choose yes or no.": "Kies ja of nee.",
    "Choose one of the options.": "Kies een van de mogelijkheden.",
    "This answer could not be saved: choose one of the options.": "Dit antwoord kon niet worden bewaard: kies een van de mogelijkheden.",
    "Saved": "Bewaard",
    "Saving…": "Bezig met bewaren…",
    "Not saved yet: we will try again. Your answer is still selected.": "Nog niet bewaard: we proberen het opnieuw. Je antwoord blijft aangevinkt.",
    "This answer could not be saved.": "Dit antwoord kon niet worden bewaard.",
    "Page %(number)s of %(count)s · __A__ of __T__ questions answered": "Pagina %(number)s van %(count)s · __A__ van __T__ vragen beantwoord",
    "Enter a valid e-mail address, like name@example.nl.": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
    "Your link to continue the Career Compass": "Je link om verder te gaan met het Carrière Kompas",
    "Use this link to continue where you left off:\n\n%(link)s\n\nKeep it to yourself: anyone "
    "with this link can see your answers.": "Met deze link ga je verder waar je was gebleven:\n\n%(link)s\n\nHoud hem voor jezelf: "
    "iedereen met deze link kan je antwoorden zien.",
    "Career Compass": "Carrière Kompas",
    "Skip to content": "Naar de inhoud",
    "Kompas: open-source Career Compass for engineering students and employees.": "Kompas: open-source Carrière Kompas voor technische studenten en werknemers.",
    "Please try again": "Probeer het opnieuw",
    "Your page was open too long or cookies are blocked, so we could not accept this form. Go "
    "back, reload the page and submit it again; answers you saved before are safe.": "Je pagina stond te lang open of cookies zijn geblokkeerd, daarom konden we dit "
    "formulier niet aannemen. Ga terug, laad de pagina opnieuw en verstuur hem nog eens; "
    "eerder bewaarde antwoorden zijn veilig.",
    "Page not found": "Pagina niet gevonden",
    "Something in the request was wrong": "Er klopte iets niet in het verzoek",
    "Not allowed": "Niet toegestaan",
    "Something went wrong": "Er ging iets mis",
    "Your answers saved so far are safe. Try again in a moment.": "Je tot nu toe bewaarde antwoorden zijn veilig. Probeer het zo nog eens.",
    "Go back and try again. If you followed a link, check that you copied all of it.": "Ga terug en probeer het opnieuw. Volgde je een link? Controleer dan of je hem helemaal "
    "hebt gekopieerd.",
    "Choose your language": "Kies je taal",
    "Welcome. This questionnaire maps what you know, can do, find important and want in your "
    "(future) technical work. It takes 20 to 30 minutes; you can stop and continue later.": "Welkom. Deze vragenlijst brengt in kaart wat je weet, kunt, belangrijk vindt en wilt in "
    "je (toekomstige) technische werk. Het kost 20 tot 30 minuten; je kunt stoppen en later "
    "verdergaan.",
    "Start": "Beginnen",
    "Your consent": "Jouw toestemming",
    "Please answer every question": "Beantwoord alle vragen",
    "Choose yes or no for each purpose.": "Kies ja of nee bij elk doel.",
    "You decide what your answers may be used for. You can choose per purpose, and change your "
    "mind later. Saying no to research or to linking waves still gives you your personal report.": "Jij bepaalt waarvoor je antwoorden gebruikt mogen worden. Je kiest per doel en je kunt "
    "later van gedachten veranderen. Ook als je nee zegt tegen onderzoek of het koppelen van "
    "metingen, krijg je je persoonlijke rapport.",
    "Personal feedback": "Persoonlijke terugkoppeling",
    "Research": "Onderzoek",
    "Linking later waves": "Latere metingen koppelen",
    "We use your answers to compute your scores and show you your personal report. Nobody else "
    "sees it unless you share it.": "We gebruiken je antwoorden om je scores te berekenen en je persoonlijke rapport te "
    "tonen. Niemand anders ziet het, tenzij jij het deelt.",
    "Researchers may study your answers under a pseudonym, never with your name or e-mail "
    "address, and only in groups of at least ten people.": "Onderzoekers mogen je antwoorden bestuderen onder een pseudoniem, nooit met je naam of "
    "e-mailadres, en alleen in groepen van minstens tien mensen.",
    "If you fill in the compass again later, we may link your answers so that you and the "
    "researchers can see how you changed.": "Als je het kompas later nog eens invult, mogen we je antwoorden koppelen, zodat jij en "
    "de onderzoekers zien hoe je veranderd bent.",
    "Yes": "Ja",
    "No": "Nee",
    "Consent text version %(version)s.": "Versie van deze toestemmingstekst: %(version)s.",
    "Continue": "Verder",
    "Thank you": "Bedankt",
    "You chose neither personal feedback nor research use, so we will not ask you any "
    "questions. If you change your mind, you can use the same link again.": "Je koos niet voor persoonlijke terugkoppeling en niet voor onderzoek, dus stellen we je "
    "geen vragen. Bedenk je je? Dan kun je dezelfde link opnieuw gebruiken.",
    "Change my choice": "Mijn keuze wijzigen",
    "Check the e-mail address": "Controleer het e-mailadres",
    "Link sent": "Link verstuurd",
    "E-mail address": "E-mailadres",
    "Send link": "Link versturen",
    "We sent the link to %(email)s. We have not stored the address.": "We hebben de link naar %(email)s gestuurd. Het adres hebben we niet bewaard.",
    "Continue the questionnaire": "Verder met de vragenlijst",
    "Almost done": "Bijna klaar",
    "You answered %(answered)s of %(total)s questions.": "Je hebt %(answered)s van de %(total)s vragen beantwoord.",
    "Some questions are still open. You may leave them open, but your report is more complete "
    "when you answer them.": "Er staan nog vragen open. Je mag ze openlaten, maar je rapport is vollediger als je ze "
    "beantwoordt.",
    "Go to the first open question": "Naar de eerste open vraag",
    "When you submit, your answers are final and your report is made.": "Als je verstuurt, zijn je antwoorden definitief en wordt je rapport gemaakt.",
    "Submit and see my report": "Versturen en mijn rapport bekijken",
    "Back to the last page": "Terug naar de laatste pagina",
    "This link does not work": "Deze link werkt niet",
    "The link is not valid, has already been used, or the questionnaire is closed. Check that "
    "you copied the whole link, or ask the person who sent it for a new one.": "De link is niet geldig, is al gebruikt, of de vragenlijst is gesloten. Controleer of je "
    "de hele link hebt gekopieerd, of vraag de afzender om een nieuwe.",
    "page %(number)s of %(page_count)s": "pagina %(number)s van %(page_count)s",
    "Page %(number)s of %(page_count)s · %(answered)s of %(total)s questions answered": "Pagina %(number)s van %(page_count)s · %(answered)s van %(total)s vragen beantwoord",
    "Something needs your attention": "Er vraagt iets je aandacht",
    "Previous": "Vorige",
    "To the end": "Naar het einde",
    "Next": "Volgende",
    "Your report": "Jouw rapport",
    "Thank you: your answers are in": "Bedankt: je antwoorden zijn binnen",
    "Note:": "Let op:",
    "the comparison group is a synthetic demonstration group, not real students or employees.": "de vergelijkingsgroep is een kunstmatige demonstratiegroep, geen echte studenten of "
    "werknemers.",
    "How you choose": "Hoe jij kiest",
    "Your way of choosing resembles <strong>%(status)s</strong>, like the persona "
    "%(persona)s.": "Jouw manier van kiezen lijkt op <strong>%(status)s</strong>, zoals bij de persona "
    "%(persona)s.",
    "Too few questions about your future profession were answered to describe how you choose.": "Er zijn te weinig vragen over je toekomstige beroep beantwoord om te beschrijven hoe je "
    "kiest.",
    "Your scores": "Jouw scores",
    "Scores from 1 to 5 and compared with the comparison group (z: 0 is average)": "Scores van 1 tot 5 en vergeleken met de vergelijkingsgroep (z: 0 is gemiddeld)",
    "Scale": "Schaal",
    "Score": "Score",
    "You chose not to receive personal feedback, so there is no report. Thank you for taking "
    "part.": "Je koos ervoor geen persoonlijke terugkoppeling te krijgen, dus er is geen rapport. "
    "Bedankt voor je deelname.",
    "Continue later": "Later verdergaan",
    "Your answers are saved as you go. With this link you can continue later, on any device. "
    "Keep it to yourself.": "Je antwoorden worden meteen bewaard. Met deze link ga je later verder, op elk apparaat. "
    "Houd hem voor jezelf.",
    "Send the link to my e-mail address (used once, not stored)": "Stuur de link naar mijn e-mailadres (eenmalig gebruikt, niet bewaard)",
    "Too many attempts": "Te veel pogingen",
    "Too many links that do not work were opened from your connection. Wait ten minutes and "
    "try again.": "Vanaf je verbinding zijn te veel links geopend die niet werken. Wacht tien minuten en "
    "probeer het opnieuw.",
    "Your compass compared with the comparison group": "Jouw kompas vergeleken met de vergelijkingsgroep",
    "Dot chart of %(count)s scales in %(discs)s groups: each dot is your score compared with the comparison group (0 is average; the shaded band holds the middle two thirds). The table below gives every number.": "Stippengrafiek van %(count)s schalen in %(discs)s groepen: elke stip is jouw score vergeleken met de vergelijkingsgroep (0 is gemiddeld; de grijze band bevat de middelste twee derde). De tabel hieronder geeft alle getallen.",
    "compared with the comparison group (z)": "vergeleken met de vergelijkingsgroep (z)",
    "middle two thirds": "middelste twee derde",
    "you": "jij",
    "exploring (z)": "verkennen (z)",
    "commitment (z)": "binding (z)",
    "doubt (z)": "twijfel (z)",
    "How you choose: exploring and commitment": "Hoe jij kiest: verkennen en binding",
    "Your position: exploring %(exploration)s, commitment %(commitment)s, doubt %(reconsideration)s (0 is average). You are closest to %(status)s.": "Jouw positie: verkennen %(exploration)s, binding %(commitment)s, twijfel %(reconsideration)s (0 is gemiddeld). Je staat het dichtst bij %(status)s.",
    "options weighed (1-5)": "afgewogen mogelijkheden (1-5)",
    "certainty of the choice (1-5)": "zekerheid over de keuze (1-5)",
    "Your path through the life phases": "Jouw pad door de levensfasen",
    "A path through %(count)s life phases; the table below gives the answers and the way of choosing in each phase.": "Een pad door %(count)s levensfasen; de tabel hieronder geeft de antwoorden en de manier van kiezen per fase.",
    "resemblance": "overeenkomst",
    "distinctive resemblance": "onderscheidende overeenkomst",
    "Resemblance to engineers in technical roles": "Overeenkomst met engineers in technische functies",
    "Resemblance %(shape)s and distinctive resemblance %(distinctive)s, on a scale from -1 (opposite) to 1 (the same profile).": "Overeenkomst %(shape)s en onderscheidende overeenkomst %(distinctive)s, op een schaal van -1 (tegengesteld) tot 1 (hetzelfde profiel).",
    "How much your answers resemble each profile": "Hoeveel je antwoorden op elk profiel lijken",
    "Bars with the chance of each profile; most likely: %(profile)s.": "Staven met de kans op elk profiel; het meest waarschijnlijk: %(profile)s.",
    "chance (%)": "kans (%)",
    "Sign in": "Inloggen",
    "The user name or password is not right. Try again.": "De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.",
    "User name": "Gebruikersnaam",
    "Password": "Wachtwoord",
    "Your report is not ready yet": "Je rapport is nog niet klaar",
    "The report is made when you submit the questionnaire. You answered %(answered)s of %(total)s questions so far.": "Het rapport wordt gemaakt als je de vragenlijst verstuurt. Je hebt tot nu toe %(answered)s van de %(total)s vragen beantwoord.",
    "Your Career Compass": "Jouw Carrière Kompas",
    "This report shows what you know, can do, find important and want in your (future) technical work, and how you choose. It is information for you, never a verdict.": "Dit rapport laat zien wat je weet, kunt, belangrijk vindt en wilt in je (toekomstige) technische werk, en hoe je kiest. Het is informatie voor jou, nooit een oordeel.",
    "Thank you for filling in the compass. This report shows what you know, can do, find important and want in your (future) technical work, and how you choose. It is information for you, never a verdict.": "Bedankt voor het invullen van het kompas. Dit rapport laat zien wat je weet, kunt, belangrijk vindt en wilt in je (toekomstige) technische werk, en hoe je kiest. Het is informatie voor jou, nooit een oordeel.",
    "Download as PDF": "Downloaden als pdf",
    "Share with a counsellor": "Delen met een begeleider",
    "You can share this report with a counsellor of your institution, for example before a conversation. Only that person sees it, and you can stop sharing at any time.": "Je kunt dit rapport delen met een begeleider van je instelling, bijvoorbeeld voor een gesprek. Alleen die persoon ziet het, en je kunt op elk moment stoppen met delen.",
    "Choose a counsellor and tick the box to give your consent.": "Kies een begeleider en vink het vakje aan om toestemming te geven.",
    "Shared with %(name)s": "Gedeeld met %(name)s",
    "Stop sharing with %(name)s": "Stop met delen met %(name)s",
    "Counsellor": "Begeleider",
    "Choose a counsellor": "Kies een begeleider",
    "I agree that this counsellor may read my report until I stop sharing it.": "Ik geef toestemming dat deze begeleider mijn rapport mag lezen tot ik stop met delen.",
    "Share my report": "Mijn rapport delen",
    "Your institution has no counsellors in Kompas yet.": "Je instelling heeft nog geen begeleiders in Kompas.",
    "Your compass": "Jouw kompas",
    "What you know, can do, find important and want, compared with the comparison group. A dot to the right means a higher score than most; the shaded band holds the middle two thirds of the group.": "Wat je weet, kunt, belangrijk vindt en wilt, vergeleken met de vergelijkingsgroep. Een stip naar rechts betekent een hogere score dan de meesten; de grijze band bevat de middelste twee derde van de groep.",
    "Score (1-5)": "Score (1-5)",
    "Percentile": "Percentiel",
    "Your way of choosing your future profession resembles <strong>%(status)s</strong>: the way %(persona)s chooses.": "Jouw manier van kiezen voor je toekomstige beroep lijkt op <strong>%(status)s</strong>: zoals %(persona)s kiest.",
    "Your scores on the ways of choosing (z: 0 is average)": "Jouw scores op de manieren van kiezen (z: 0 is gemiddeld)",
    "Commitment": "Binding",
    "Exploring": "Verkennen",
    "Doubt": "Twijfel",
    "Meet %(persona)s": "Maak kennis met %(persona)s",
    "Typical of this way of choosing": "Typerend voor deze manier van kiezen",
    "What tends to help": "Wat vaak helpt",
    "Per life phase: your answers (1-5) and the way of choosing they resemble": "Per levensfase: je antwoorden (1-5) en de manier van kiezen waar ze op lijken",
    "Phase": "Fase",
    "Options weighed": "Afgewogen mogelijkheden",
    "Certainty": "Zekerheid",
    "Way of choosing": "Manier van kiezen",
    "Resemblance of your profile to the reference profile": "Overeenkomst van jouw profiel met het referentieprofiel",
    "Resemblance (shape, -1 to 1)": "Overeenkomst (vorm, -1 tot 1)",
    "Distinctive resemblance (-1 to 1)": "Onderscheidende overeenkomst (-1 tot 1)",
    "Distance (0 is the same profile)": "Afstand (0 is hetzelfde profiel)",
    "Your profile": "Jouw profiel",
    "Your answers resemble the profile <strong>%(profile)s</strong> most.": "Je antwoorden lijken het meest op het profiel <strong>%(profile)s</strong>.",
    "Strengths and points of attention": "Sterke punten en aandachtspunten",
    "Strengths": "Sterke punten",
    "Points of attention": "Aandachtspunten",
    "Your scores are close to the comparison group on every scale: no scale stands out.": "Je scores liggen op elke schaal dicht bij de vergelijkingsgroep: geen schaal springt eruit.",
    "Next steps": "Volgende stappen",
    "Questions to think about": "Vragen om over na te denken",
    "What changed since last time": "Wat er veranderd is sinds de vorige keer",
    "Scales that moved at least half a point": "Schalen die minstens een half punt verschoven",
    "Before": "Eerder",
    "Now": "Nu",
    "No scale moved by half a point or more.": "Geen schaal verschoof een half punt of meer.",
    "Shared report": "Gedeeld rapport",
    "Respondent %(respondent)s shared this report with you. It is read-only, and your reading is logged.": "Respondent %(respondent)s heeft dit rapport met je gedeeld. Je kunt het alleen lezen, en dat wordt vastgelegd.",
}
