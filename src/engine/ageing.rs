//! `age_while_down = false`: failure clocks that stop while the service is down.
//!
//! A paused clock is a clock at speed 0 (as a cold standby's): the life it has left is kept
//! and it resumes when the service is up again. The pause multiplies whatever speed the
//! slot's role gives it, so a standby keeps its idle speed across pauses.

use super::trial::Simulator;

impl Simulator<'_> {
    /// How fast slot `slot`'s failure clock runs now: its role's speed, or 0 while the
    /// service is down if its component does not age then.
    #[inline(always)]
    pub(super) fn clock_speed(&self, slot: usize) -> f64 {
        if self.age_paused && self.layout.inspection.pausable[slot] {
            0.0
        } else {
            self.running_speed(slot)
        }
    }

    /// How fast slot `slot`'s failure clock runs while it runs: its role's speed times the
    /// phase's failure factor.
    #[inline(always)]
    pub(super) fn running_speed(&self, slot: usize) -> f64 {
        self.slot_speed[slot] * self.phase_speed[slot]
    }

    /// The service went up or down: the clocks that stop while it is down stop or resume.
    pub(super) fn ageing_follows_service(&mut self, up: bool) {
        let was_paused = self.age_paused;
        if was_paused != up {
            return;
        }
        let layout = self.layout;
        // The rare method reads ages: fold each paused or resumed clock's age up to now, at
        // the speed it ran, so that a paused hour adds none.
        for &slot in &layout.inspection.pausable_slots {
            let slot = slot as usize;
            self.slot_age_base[slot] = self.slot_age(slot);
            self.slot_age_since[slot] = self.now;
        }
        self.age_paused = !up;
        for &slot in &layout.inspection.pausable_slots {
            let slot = slot as usize;
            let old = if was_paused {
                0.0
            } else {
                self.running_speed(slot)
            };
            self.retime(slot, old);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::trial::Simulator;

    /// One Weibull server that stops ageing while the service is down.
    const SERVER: &str = r#"
[simulation]
age_while_down = false
[components.server]
failure = { dist = "weibull", shape = 0.7, scale = "1000000h" }
repair = { dist = "exponential", mean = "4h" }
[system]
all = ["server"]
"#;

    /// The rare method forces failures through the hazard at a clock's age: an hour paused
    /// must add none, or a branch would bias a Weibull clock from the wrong age.
    #[test]
    fn a_paused_clock_keeps_its_age() {
        let model = crate::scenario::parse(SERVER, "t.toml", std::path::Path::new("."), "t")
            .expect("scenario compiles");
        let mut sim = Simulator::new(&model);
        sim.start_trial(0);
        sim.now = 10.0;
        assert_eq!(sim.slot_age(0), 10.0);
        sim.ageing_follows_service(false);
        sim.now = 30.0;
        assert_eq!(sim.slot_age(0), 10.0);
        sim.ageing_follows_service(true);
        sim.now = 35.0;
        assert_eq!(sim.slot_age(0), 15.0);
    }
}
