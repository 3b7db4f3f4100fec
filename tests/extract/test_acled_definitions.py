"""Sentences written for Athar from ACLED's sub-event definitions, in the way news reports phrase them.

Not from any benchmark set: a regression check that the lexicon covers each sub-event type the way
ACLED's codebook describes it. Known gaps are marked xfail with the reason.
"""

from __future__ import annotations

import pytest

from athar.extract.event_types import classify_event


def gap(sub_event_type: str, sentence: str, reason: str) -> object:
    """A sentence the rules do not yet type as ACLED would: expected to fail, for the reason given."""
    return pytest.param(sub_event_type, sentence, marks=pytest.mark.xfail(reason=reason, strict=True))


SENTENCES = [
    (
        "Excessive force against protesters",
        "Police opened fire on peaceful demonstrators in the capital, killing three people.",
    ),
    (
        "Excessive force against protesters",
        "Security forces shot dead two protesters during a march against rising prices.",
    ),
    ("Excessive force against protesters", "Police fired live ammunition at a peaceful sit-in, killing a student."),
    ("Excessive force against protesters", "Soldiers beat demonstrators to death during a peaceful rally."),
    (
        "Excessive force against protesters",
        "A protester was killed when police used live rounds to break up a peaceful demonstration.",
    ),
    ("Protest with intervention", "Police dispersed hundreds of protesters with tear gas and water cannon."),
    ("Protest with intervention", "Police arrested 15 demonstrators who had gathered outside parliament."),
    ("Protest with intervention", "Riot police broke up a peaceful march by teachers demanding unpaid salaries."),
    ("Protest with intervention", "Security forces fired tear gas to disperse a crowd of protesters."),
    ("Peaceful protest", "Hundreds of teachers marched to the ministry demanding unpaid salaries."),
    ("Peaceful protest", "Residents staged a sit-in outside the governor's office to protest water shortages."),
    ("Violent demonstration", "Protesters burned tyres and threw stones at police in the city centre."),
    ("Violent demonstration", "Demonstrators set fire to a police station and blocked roads with burning barricades."),
    ("Violent demonstration", "Rioters looted shops and torched cars after the election results were announced."),
    ("Mob violence", "A mob lynched a man suspected of theft in the market."),
    ("Mob violence", "Villagers beat a suspected witch to death."),
    gap(
        "Mob violence",
        "An angry crowd attacked and burned the house of a man accused of blasphemy.",
        "a crowd that burns reads as a riot: no rule tells a mob from a protest without protest words",
    ),
    ("Headquarters or base established", "Al Shabaab militants established a new base in the village."),
    ("Headquarters or base established", "Rebels set up a military camp on the outskirts of the town."),
    ("Headquarters or base established", "The armed group opened a new headquarters in the district."),
    (
        "Non-violent transfer of territory",
        "Government forces withdrew from the town and handed it over to Kurdish forces without fighting.",
    ),
    gap(
        "Non-violent transfer of territory",
        "Rebels took control of the village after the army pulled out.",
        "taken without a fight: the rules do not read 'after the army pulled out' as no fighting",
    ),
    ("Non-violent transfer of territory", "The militia handed over control of the airport to the army under a deal."),
    ("Change to group/activity", "Several rebel factions announced their merger into a new coalition."),
    ("Change to group/activity", "The armed group held a military parade in the town."),
    gap(
        "Change to group/activity",
        "Militants destroyed weapons and ammunition during a training exercise.",
        "'destroyed weapons' is read as weapons seized or destroyed by the other side",
    ),
    ("Change to group/activity", "The armed group announced the formation of a new brigade."),
    ("Armed clash", "Government troops and rebels clashed near the town, leaving 12 fighters dead."),
    ("Armed clash", "Fighting broke out between two rival militias in the northern district."),
    ("Armed clash", "Al Shabaab militants attacked a military base, sparking a gunfight with soldiers."),
    ("Armed clash", "Soldiers exchanged fire with gunmen at a checkpoint."),
    ("Government regains territory", "The army recaptured the town from the militants after days of fighting."),
    ("Government regains territory", "Government forces regained control of the district."),
    ("Non-state actor overtakes territory", "Militants seized the town after government troops fled."),
    ("Non-state actor overtakes territory", "Rebels captured the village from government forces."),
    ("Agreement", "The two sides signed a ceasefire agreement in the capital."),
    ("Agreement", "The government and rebels agreed to a prisoner exchange."),
    ("Arrests", "Police arrested the opposition leader at his home."),
    ("Abduction/forced disappearance", "Gunmen kidnapped three aid workers on the road to the town."),
    ("Abduction/forced disappearance", "Gunmen captured three aid workers on the road to the town."),
    ("Looting/property destruction", "Militants burned down a school in the village."),
    ("Looting/property destruction", "Soldiers looted shops in the market."),
    ("Sexual violence", "Soldiers raped two women in the village."),
    ("Attack", "Gunmen shot dead a village chief in his home."),
    ("Disrupted weapons use", "Soldiers defused an improvised explosive device on the main road."),
    ("Grenade", "An attacker threw a grenade into a crowded bar, wounding five."),
    ("Suicide bomb", "A suicide bomber blew himself up at a checkpoint, killing four soldiers."),
    ("Remote explosive/landmine/IED", "A roadside bomb exploded near a military convoy, killing two soldiers."),
    (
        "Armed clash",
        "Heavy fighting erupted between the army and Houthi fighters on the outskirts of the city on Tuesday.",
    ),
    (
        "Armed clash",
        "At least 20 militants and four soldiers were killed when insurgents stormed an army post overnight.",
    ),
    ("Armed clash", "Taliban fighters attacked a police checkpoint in the province, triggering a two-hour gun battle."),
    ("Armed clash", "Government troops repelled an attack by jihadists on the town, killing dozens of them."),
    ("Armed clash", "Rival armed groups fought for control of the oil field, leaving several dead."),
    ("Armed clash", "The clashes between security forces and gunmen lasted several hours."),
    ("Armed clash", "Boko Haram insurgents ambushed a military convoy, killing seven soldiers."),
    (
        "Excessive force against protesters",
        "Police killed two demonstrators when they opened fire on a crowd protesting fuel prices.",
    ),
    (
        "Excessive force against protesters",
        "Security forces used live fire against peaceful protesters, killing at least five.",
    ),
    (
        "Excessive force against protesters",
        "A teenage protester died after being shot by police during a peaceful demonstration.",
    ),
    ("Excessive force against protesters", "Troops fired on unarmed demonstrators, wounding dozens."),
    ("Protest with intervention", "Police used batons to disperse students protesting against tuition fees."),
    ("Protest with intervention", "Dozens of protesters were detained as police broke up the rally."),
    ("Violent demonstration", "Angry protesters stormed the governor's office and set it on fire."),
    ("Violent demonstration", "Demonstrators clashed with police, throwing rocks and petrol bombs."),
    ("Headquarters or base established", "The militants established a headquarters in the captured town."),
    ("Headquarters or base established", "Turkish forces set up a new observation post near the town."),
    ("Headquarters or base established", "The army established a new military base near the border."),
    ("Agreement", "The warring parties agreed to a 72-hour humanitarian truce."),
    ("Agreement", "Rebels and the government reached a deal for the evacuation of fighters from the town."),
    ("Agreement", "Local leaders brokered a reconciliation agreement between the two clans."),
    (
        "Change to group/activity",
        "Hundreds of fighters defected from the armed group and joined the government forces.",
    ),
    ("Change to group/activity", "The military imposed a curfew in the city after the unrest."),
    ("Change to group/activity", "The army deployed additional troops to the border region."),
    ("Non-violent transfer of territory", "Under the agreement, rebels handed over the town to government forces."),
    (
        "Non-violent transfer of territory",
        "The army withdrew from the area and Kurdish forces moved in without resistance.",
    ),
    ("Non-state actor overtakes territory", "Al Shabaab fighters took over the town after AMISOM troops withdrew."),
    ("Government regains territory", "Iraqi forces retook the district from Islamic State fighters."),
    ("Mob violence", "A mob set fire to several shops owned by members of the minority community."),
    ("Mob violence", "Residents lynched two men accused of stealing cattle."),
    ("Looting/property destruction", "Armed men looted a health centre and burned several houses in the village."),
    ("Arrests", "Security forces arrested 12 suspected militants in a raid on a house."),
    ("Attack", "Unidentified gunmen killed a local journalist outside his home."),
    (
        "Excessive force against protesters",
        "Riot police shot and killed a protester during a rally against the election results.",
    ),
    ("Excessive force against protesters", "Soldiers opened fire on a crowd of demonstrators, killing at least six."),
    (
        "Excessive force against protesters",
        "Two protesters were shot dead by security forces in the capital on Friday.",
    ),
    ("Excessive force against protesters", "Police fatally shot a man taking part in a peaceful march."),
    (
        "Excessive force against protesters",
        "Security forces killed four people as they dispersed a sit-in with live ammunition.",
    ),
    (
        "Protest with intervention",
        "Police fired rubber bullets to disperse hundreds of protesters near the parliament.",
    ),
    gap(
        "Protest with intervention",
        "Authorities detained dozens of activists who tried to stage a rally in the square.",
        "activists held before their rally: read as the rally, not its prevention",
    ),
    ("Protest with intervention", "Security forces prevented protesters from marching to the presidential palace."),
    (
        "Protest with intervention",
        "Police used water cannon on demonstrators demanding the release of political prisoners.",
    ),
    ("Violent demonstration", "Protesters hurled stones at security forces and torched a government vehicle."),
    ("Violent demonstration", "Rioting youths set fire to shops and clashed with police after the verdict."),
    ("Violent demonstration", "Demonstrators attacked the police station with petrol bombs."),
    ("Peaceful protest", "Thousands of farmers rallied in the capital to demand higher crop prices."),
    ("Peaceful protest", "Workers went on strike and gathered outside the factory to demand unpaid wages."),
    gap(
        "Peaceful protest",
        "Residents blocked the highway with their bodies to protest power cuts.",
        "a road blocked is read as a violent demonstration, whatever blocks it",
    ),
    ("Mob violence", "A mob of villagers beat a suspected kidnapper to death."),
    gap(
        "Mob violence",
        "Supporters of rival parties attacked each other with machetes, leaving three dead.",
        "no rule for supporters who fight each other",
    ),
    ("Attack", "Armed herders attacked farmers in the village, killing 12."),
    ("Armed clash", "Militants ambushed a police patrol on the highway, sparking a firefight."),
    ("Armed clash", "Rebels and government troops fought heavy battles around the airport."),
    ("Armed clash", "The two militias exchanged fire in the city centre overnight."),
    ("Armed clash", "Soldiers killed five insurgents in a gun battle near the border."),
    ("Attack", "Gunmen on motorbikes opened fire on worshippers leaving a mosque, killing seven."),
    ("Attack", "Militants attacked a village and killed 15 civilians."),
    ("Attack", "Soldiers shot and killed a farmer in his field."),
    ("Remote explosive/landmine/IED", "An improvised explosive device detonated under a bus, killing nine passengers."),
    ("Remote explosive/landmine/IED", "Two children were killed when a landmine exploded in the field."),
    ("Suicide bomb", "A suicide bomber detonated an explosive vest at a wedding party."),
    ("Air/drone strike", "A drone strike killed three suspected militants in a vehicle."),
    ("Shelling/artillery/missile attack", "Artillery shells hit a residential neighbourhood, killing two."),
    ("Grenade", "Unknown attackers lobbed a hand grenade at a police post."),
    ("Chemical weapon", "Dozens suffered breathing difficulties after a chlorine attack on the town."),
    ("Arrests", "Police detained a journalist at the airport on charges of spreading false news."),
    ("Abduction/forced disappearance", "Armed men abducted a local official from his home at night."),
    ("Sexual violence", "Militiamen sexually assaulted several women at a checkpoint."),
    ("Looting/property destruction", "Fighters ransacked and looted the market after taking the town."),
    ("Looting/property destruction", "Militants set fire to a church and several homes."),
    ("Government regains territory", "Government forces recaptured the town from Al Shabaab."),
    (
        "Non-state actor overtakes territory",
        "Al Shabaab fighters seized the town after a brief battle with government troops.",
    ),
    (
        "Non-violent transfer of territory",
        "Government troops withdrew from the base, which was later occupied by militants without a fight.",
    ),
    ("Headquarters or base established", "The rebels set up a new command centre in the seized village."),
    ("Agreement", "The two communities signed a peace pact ending years of violence."),
    ("Change to group/activity", "The government declared a state of emergency in the region."),
    ("Disrupted weapons use", "Soldiers seized a large cache of weapons and explosives in a raid."),
    ("Disrupted weapons use", "Air defences intercepted a missile fired towards the city."),
]


@pytest.mark.parametrize(("sub_event_type", "sentence"), SENTENCES)
def test_sentence_is_typed_as_acled_defines_it(sub_event_type: str, sentence: str) -> None:
    found = classify_event(sentence)
    assert found is not None and found.sub_event_type == sub_event_type
