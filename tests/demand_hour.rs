//! `DemandTable::hour` reads an hour's place in the profile without a division for daily
//! and weekly profiles (the week's through the day) and out of line for other lengths: for
//! every length, each hour's demand must be the day's factor times the multiplier at
//! `hour % length`, to the bit, over horizons that end mid-day and mid-week.

use nines::model::DemandTable;

#[test]
fn each_hour_is_the_days_factor_times_its_multiplier() {
    // 45 days: six weeks and three days, so a weekly profile wraps and stops mid-week.
    let days: Vec<f64> = (0..45)
        .map(|d| 1.0 + ((d * 7919) % 17) as f64 / 7.0)
        .collect();
    for len in [1, 24, 48, 168, 7, 30, 100] {
        let profile: Vec<f64> = (0..len)
            .map(|h| 0.1 + ((h * 37) % 23) as f64 / 9.0)
            .collect();
        let table = DemandTable::new(days.clone(), profile.clone(), 44.5 * 24.0);
        assert_eq!(table.hours(), 44 * 24 + 12);
        for h in 0..table.hours() {
            let expected = days[h / 24] * profile[h % len];
            assert_eq!(
                table.hour(h).to_bits(),
                expected.to_bits(),
                "profile of {len} hours, hour {h}"
            );
        }
    }
}
