// SPDX-License-Identifier: MIT
pragma solidity 0.8.34;

import {IERC4626} from "@openzeppelin/contracts/interfaces/IERC4626.sol";
import {IAggregatorV3} from "../../contracts/interfaces/protocols/IAggregatorV3.sol";
import {IAggregatorV2V3} from "../../contracts/interfaces/protocols/IAggregatorV2V3.sol";
import {ErrorsLib} from "../../contracts/libraries/ErrorsLib.sol";
import {FeedDecimalsAdapter} from "../../contracts/oracles/FeedDecimalsAdapter.sol";
import {VaultTestBase} from "../VaultTestBase.sol";
import {AaveOracleLike} from "../mocks/lenders/AaveOracleLike.sol";
import {MorphoChainlinkOracleV2Like} from "../mocks/lenders/MorphoChainlinkOracleV2Like.sol";
import {CometPriceLike} from "../mocks/lenders/CometPriceLike.sol";

/// @notice One consumer per lender shape reads the share-price feed as that lender does, a week after a report
/// while a realistic profit unlocks, and gets the vault's own price (scaled as the lender expects).
contract LenderConsumersTest is VaultTestBase {
    uint8 internal constant SHARE_DECIMALS = 24;

    function setUp() public override {
        super.setUp();
        _deposit(alice, 100 ether);
        _allocate(adapter, 80 ether);
        _gain(adapter, 0.18 ether);
        _report();
        vm.warp(block.timestamp + 7 days); // no report for a week; the profit has unlocked
    }

    function test_sharesHave24DecimalsAndTheFeed18() public view {
        assertEq(vault.decimals(), SHARE_DECIMALS);
        assertEq(feed.decimals(), 18);
    }

    /// @dev Aave: AaveOracle reads `latestAnswer()` and takes it in the market's base currency; an ETH-based market
    /// (base unit 1e18) accepts an 18-decimal source.
    function test_aave_latestAnswerInAnEthBaseCurrencyMarket() public {
        AaveOracleLike aave = new AaveOracleLike(address(weth), 1e18);
        aave.setSource(address(vault), IAggregatorV2V3(address(feed)));
        uint256 price = aave.getAssetPrice(address(vault));
        assertEq(price, vault.pricePerShare());
        assertApproxEqAbs(price, 1.0018e18, 1);
        // Alice's 100e24 share units are worth her deposit plus the unlocked profit, in WETH.
        uint256 shares = vault.balanceOf(alice);
        assertApproxEqAbs(aave.valueOf(address(vault), shares, SHARE_DECIMALS), 100.18 ether, 1e6);
    }

    /// @dev Aave's USD markets take 8-decimal sources: the 18-decimal feed is refused as it is and accepted through
    /// the decimals adapter (a CAPO-style source would then multiply by ETH/USD).
    function test_aave_usdMarketNeedsEightDecimals() public {
        AaveOracleLike aave = new AaveOracleLike(address(0), 1e8);
        vm.expectRevert(abi.encodeWithSelector(AaveOracleLike.SourceDecimalsMismatch.selector, 18, 1e8));
        aave.setSource(address(vault), IAggregatorV2V3(address(feed)));
    }

    /// @dev Morpho Blue: MorphoChainlinkOracleV2 with the feed as BASE_FEED_1, base token the shares (24 decimals),
    /// quote WETH (18): SCALE_FACTOR 1e12 and price() = 1e36 x WETH per share unit.
    function test_morpho_chainlinkOracleV2Inputs() public {
        MorphoChainlinkOracleV2Like oracle = new MorphoChainlinkOracleV2Like(
            IERC4626(address(0)),
            1,
            IAggregatorV3(address(feed)),
            IAggregatorV3(address(0)),
            SHARE_DECIMALS,
            IERC4626(address(0)),
            1,
            IAggregatorV3(address(0)),
            IAggregatorV3(address(0)),
            18
        );
        assertEq(oracle.SCALE_FACTOR(), 1e12);
        assertEq(oracle.price(), vault.pricePerShare() * 1e12);
        assertApproxEqAbs(oracle.price(), 1.0018e30, 1e12);
        // The same as Morpho's vault-conversion route (BASE_VAULT = the vault, sample one whole share). There the
        // conversion already turns share units into WETH, so baseTokenDecimals is WETH's 18, not the shares' 24.
        MorphoChainlinkOracleV2Like viaVault = new MorphoChainlinkOracleV2Like(
            IERC4626(address(vault)),
            1e24,
            IAggregatorV3(address(0)),
            IAggregatorV3(address(0)),
            18,
            IERC4626(address(0)),
            1,
            IAggregatorV3(address(0)),
            IAggregatorV3(address(0)),
            18
        );
        assertEq(oracle.price(), viaVault.price());
    }

    /// @dev Compound III: Comet refuses any feed but 8 decimals; FeedDecimalsAdapter presents the feed at 8.
    function test_compound_eightDecimalsThroughTheAdapter() public {
        vm.expectRevert(CometPriceLike.BadDecimals.selector);
        new CometPriceLike(IAggregatorV3(address(feed)));
        FeedDecimalsAdapter adapter8 = new FeedDecimalsAdapter(IAggregatorV3(address(feed)), 8);
        CometPriceLike comet = new CometPriceLike(adapter8);
        assertEq(comet.getPrice(), vault.pricePerShare() / 1e10);
        assertApproxEqAbs(comet.getPrice(), 1.0018e8, 1);
        (uint80 id,, uint256 startedAt, uint256 updatedAt, uint80 answeredIn) = adapter8.latestRoundData();
        (uint80 srcId,, uint256 srcStarted, uint256 srcUpdated, uint80 srcAnswered) = feed.latestRoundData();
        assertEq(id, srcId);
        assertEq(startedAt, srcStarted);
        assertEq(updatedAt, srcUpdated);
        assertEq(answeredIn, srcAnswered);
        (, int256 past,,,) = adapter8.getRoundData(1);
        assertEq(past, 1e8);
        assertEq(adapter8.description(), feed.description());
        // Collateral value of Alice's shares in Comet's 8-decimal price units.
        assertEq(comet.valueOf(vault.balanceOf(alice), 1e24), vault.balanceOf(alice) * comet.getPrice() / 1e24);
    }

    function test_decimalsAdapterRefusesBadInput() public {
        vm.expectRevert(ErrorsLib.ZeroAddress.selector);
        new FeedDecimalsAdapter(IAggregatorV3(address(0)), 8);
        vm.expectRevert(abi.encodeWithSelector(ErrorsLib.InvalidDecimals.selector, 37));
        new FeedDecimalsAdapter(IAggregatorV3(address(feed)), 37);
        FeedDecimalsAdapter up = new FeedDecimalsAdapter(IAggregatorV3(address(feed)), 27);
        (, int256 answer,,,) = up.latestRoundData();
        assertEq(uint256(answer), vault.pricePerShare() * 1e9);
    }
}
